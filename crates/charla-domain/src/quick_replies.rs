//! Quick replies (CONV-8): saved texts with `{{variables}}` filled in when an agent uses them.

use std::collections::BTreeMap;

pub const CATEGORY_NAME_MAX: usize = 60;
pub const TITLE_MAX: usize = 30;

/// One `{{ name }}` placeholder found in a text.
struct Placeholder<'a> {
    start: usize,
    end: usize,
    name: &'a str,
}

/// The next placeholder at or after `from`. Only names of letters, digits, `_` and `.` count,
/// so stray braces in ordinary text are left alone.
fn next_placeholder(text: &str, from: usize) -> Option<Placeholder<'_>> {
    let mut search = from;
    loop {
        let rest = text.get(search..)?;
        let open = search + rest.find("{{")?;
        let inner_start = open + 2;
        let close = inner_start + text.get(inner_start..)?.find("}}")?;
        let name = text.get(inner_start..close)?.trim();
        let valid = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'));
        if valid {
            return Some(Placeholder { start: open, end: close + 2, name });
        }
        search = open + 1;
    }
}

/// Renders `{{contact.name}}`-style variables (whitespace inside the braces allowed) from
/// `vars`; unknown variables render as empty text, so a reply never shows raw braces to the
/// contact. Text without variables is unchanged.
pub fn render(text: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    while let Some(p) = next_placeholder(text, copied) {
        out.push_str(text.get(copied..p.start).unwrap_or(""));
        out.push_str(vars.get(p.name).map_or("", String::as_str));
        copied = p.end;
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    out
}

/// The variables a text uses, distinct, in order of first use.
pub fn variables(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut from = 0;
    while let Some(p) = next_placeholder(text, from) {
        if !found.iter().any(|v| v == p.name) {
            found.push(p.name.to_owned());
        }
        from = p.end;
    }
    found
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn vars() -> BTreeMap<String, String> {
        [("contact.name", "Ana"), ("agent.name", "Bruno"), ("campaign.name", "Cobranzas")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect()
    }

    #[test]
    fn renders_variables() {
        let vars = vars();
        assert_eq!(
            render("Hola {{contact.name}}, soy {{ agent.name }} de {{campaign.name}}.", &vars),
            "Hola Ana, soy Bruno de Cobranzas."
        );
        assert_eq!(render("Tu número: {{contact.phone}}!", &vars), "Tu número: !");
        assert_eq!(render("{{contact.name}}{{contact.name}}", &vars), "AnaAna");
        for plain in ["sin variables", "", "{ {x} }", "{{ }}", "{{a b}}", "abre {{ y no cierra", "ñandú }} {"] {
            assert_eq!(render(plain, &vars), plain);
        }
        assert_eq!(render("{{{contact.name}}}", &vars), "{Ana}");
        assert_eq!(render("{{ x y }} {{agent.name}}", &vars), "{{ x y }} Bruno");
    }

    #[test]
    fn lists_variables() {
        assert_eq!(
            variables("{{contact.name}} {{ agent.name }} {{contact.name}} {{bad one}} {{campaign.name}}"),
            vec!["contact.name", "agent.name", "campaign.name"]
        );
        assert!(variables("hola").is_empty());
    }
}
