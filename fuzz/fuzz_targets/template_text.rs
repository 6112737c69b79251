//! Texts with variables: WhatsApp template bodies (`{{1}}`, `{{name}}`) and quick replies
//! (`{{contact.name}}`). Reading their variables, checking parameters for them and rendering
//! them never panics and stays within the memory budget, whatever the text.
#![no_main]

use std::collections::BTreeMap;

use charla_domain::outbound::template::{self, Given, Variables};
use charla_domain::quick_replies;
use charla_fuzz::{Counting, within_budget};
use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes).into_owned();
    within_budget(text.len(), || {
        let given = match template::variables(&text) {
            Variables::Positional(_) => Given::List(vec!["Ana".to_owned(), "4521".to_owned()]),
            Variables::Named(names) => Given::Map(names.into_iter().map(|n| (n, "valor".to_owned())).collect()),
        };
        let vars = template::variables(&text);
        if let Ok(params) = template::check_parameters(&vars, &given) {
            let _ = template::render(&text, &params);
        }
        let mut values = BTreeMap::new();
        for name in quick_replies::variables(&text) {
            values.insert(name, "Ana".to_owned());
        }
        let _ = quick_replies::render(&text, &values);
    });
});
