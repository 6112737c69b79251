//! WhatsApp templates (OUT-1, OUT-3): the variables of a body, the parameters a send must
//! give for them, and the text the contact will read.

use std::collections::BTreeMap;

use crate::validation::Invalid;

/// The variables a template body uses: `{{1}}..{{n}}`, or named ones like `{{first_name}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Variables {
    Positional(usize),
    Named(Vec<String>),
}

/// Reads `{{…}}` placeholders; numbers make a positional template (count = highest index).
pub fn variables(body: &str) -> Variables {
    let mut names: Vec<String> = Vec::new();
    let mut highest = 0usize;
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find("}}") else { break };
        let name = after.get(..end).unwrap_or_default().trim();
        if let Ok(n) = name.parse::<usize>() {
            highest = highest.max(n);
        } else if !name.is_empty() && !names.iter().any(|existing| existing == name) {
            names.push(name.to_owned());
        }
        rest = after.get(end + 2..).unwrap_or_default();
    }
    if names.is_empty() { Variables::Positional(highest) } else { Variables::Named(names) }
}

/// What a send gave: a list for positional templates, a map for named ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    List(Vec<String>),
    Map(BTreeMap<String, String>),
}

/// Checks the parameters against the template and answers them in order, each with its
/// name for named templates. Meta refuses a count mismatch (132000): we refuse it first.
pub fn check_parameters(vars: &Variables, given: &Given) -> Result<Vec<(Option<String>, String)>, Invalid> {
    let mut invalid = Invalid::new();
    let out = match (vars, given) {
        (Variables::Positional(n), Given::List(values)) => {
            if values.len() != *n {
                invalid.add_with("template.parameters", "parameter_count", &[("expected", *n as i64)]);
            }
            for (i, v) in values.iter().enumerate() {
                if v.trim().is_empty() {
                    invalid.add(&format!("template.parameters.{i}"), "required");
                }
            }
            values.iter().map(|v| (None, v.trim().to_owned())).collect()
        }
        (Variables::Named(names), Given::Map(values)) => {
            for name in names {
                if values.get(name).is_none_or(|v| v.trim().is_empty()) {
                    invalid.add(&format!("template.parameters.{name}"), "required");
                }
            }
            for key in values.keys().filter(|k| !names.contains(k)) {
                invalid.add(&format!("template.parameters.{key}"), "unknown_field");
            }
            names
                .iter()
                .map(|n| (Some(n.clone()), values.get(n).map(|v| v.trim().to_owned()).unwrap_or_default()))
                .collect()
        }
        (Variables::Positional(0), Given::Map(values)) if values.is_empty() => Vec::new(),
        _ => {
            invalid.add("template.parameters", "invalid");
            Vec::new()
        }
    };
    invalid.finish().map(|()| out)
}

/// The body with its placeholders filled, as the contact sees it.
pub fn render(body: &str, params: &[(Option<String>, String)]) -> String {
    let mut out = body.to_owned();
    for (i, (name, value)) in params.iter().enumerate() {
        let key = name.clone().unwrap_or_else(|| (i + 1).to_string());
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn positional_and_named_bodies() {
        assert_eq!(variables("Hola {{1}}, tu descuento es {{2}} hasta {{3}}"), Variables::Positional(3));
        assert_eq!(variables("Sin variables"), Variables::Positional(0));
        assert_eq!(
            variables("Hola {{first_name}}, pedido {{ order_number }} ({{first_name}})"),
            Variables::Named(vec!["first_name".to_owned(), "order_number".to_owned()])
        );
    }

    #[test]
    fn counts_must_match_and_values_render() {
        let vars = variables("Hola {{1}}, {{2}}");
        assert!(check_parameters(&vars, &Given::List(vec!["Ana".to_owned()])).is_err());
        let ok = check_parameters(&vars, &Given::List(vec!["Ana".to_owned(), "25%".to_owned()])).unwrap();
        assert_eq!(render("Hola {{1}}, {{2}}", &ok), "Hola Ana, 25%");
        let named = variables("Hola {{first_name}}");
        let mut map = BTreeMap::new();
        map.insert("first_name".to_owned(), "Juan".to_owned());
        let params = check_parameters(&named, &Given::Map(map.clone())).unwrap();
        assert_eq!(render("Hola {{first_name}}", &params), "Hola Juan");
        map.insert("extra".to_owned(), "x".to_owned());
        let err = check_parameters(&named, &Given::Map(map)).unwrap_err();
        assert_eq!(err.0[0].code, "unknown_field");
        assert!(check_parameters(&named, &Given::List(vec![])).is_err());
    }
}
