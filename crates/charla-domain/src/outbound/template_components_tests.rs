#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use serde_json::{Value, json};

use super::*;

fn draft_check(components: Value) -> Result<Checked, Invalid> {
    check(&Draft { name: "order_update", language: "es_MX", category: "utility", components: &components })
}

/// The refusals as (field, code) pairs.
fn refusals(components: Value) -> Vec<(String, &'static str)> {
    draft_check(components).unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect()
}

fn body(text: &str) -> Value {
    json!({ "type": "BODY", "text": text })
}

#[test]
fn a_full_template_passes_and_keeps_graph_shape() {
    let components = json!([
        { "type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}", "example": { "header_text": ["A-12"] } },
        { "type": "BODY", "text": "Hola {{1}}, tu pedido llega el {{2}}. Gracias, {{1}}.",
          "example": { "body_text": [["Ana", "lunes"]] } },
        { "type": "FOOTER", "text": "Responde BAJA para no recibir más" },
        { "type": "BUTTONS", "buttons": [
            { "type": "QUICK_REPLY", "text": "No recibir promociones" },
            { "type": "URL", "text": "Ver pedido", "url": "https://tienda.example/p/{{1}}", "example": ["https://tienda.example/p/A-12"] },
            { "type": "PHONE_NUMBER", "text": "Llamar", "phone_number": "+1(650) 555-1111" }
        ] }
    ]);
    let checked = draft_check(components.clone()).unwrap();
    assert_eq!(checked.category, Category::Utility);
    assert_eq!(checked.parameter_format, "POSITIONAL");
    assert_eq!(checked.components, components);
}

#[test]
fn names_languages_and_categories_follow_graph() {
    let components = json!([body("Hola")]);
    let bad = check(&Draft { name: "Promo Enero", language: "spanish", category: "promo", components: &components });
    let codes: Vec<_> = bad.unwrap_err().0.into_iter().map(|e| (e.field, e.code)).collect();
    assert_eq!(
        codes,
        vec![
            ("name".to_owned(), "invalid_template_name"),
            ("language".to_owned(), "invalid_template_language"),
            ("category".to_owned(), "invalid"),
        ]
    );
    let long = "a".repeat(NAME_MAX + 1);
    let err = check(&Draft { name: &long, language: "pt_BR", category: "MARKETING", components: &components });
    assert_eq!(err.unwrap_err().0[0].code, "too_long");
    assert_eq!(Category::parse("Authentication"), Some(Category::Authentication));
}

#[test]
fn header_and_body_lengths_use_the_seed_codes() {
    let errors = draft_check(json!([
        { "type": "HEADER", "format": "TEXT", "text": "x".repeat(61) },
        body(&"y".repeat(1025)),
    ]))
    .unwrap_err();
    assert_eq!(errors.0[0].field, "components.0.text");
    assert_eq!((errors.0[0].code, &errors.0[0].params["max"]), ("header_too_long", &json!(60)));
    assert_eq!(errors.0[1].field, "components.1.text");
    assert_eq!((errors.0[1].code, &errors.0[1].params["max"]), ("body_too_long", &json!(1024)));
    // Exactly at the limits passes; characters, not bytes, are counted.
    assert!(
        draft_check(json!([{ "type": "HEADER", "format": "TEXT", "text": "ñ".repeat(60) }, body(&"é".repeat(1024))]))
            .is_ok()
    );
}

#[test]
fn body_variables_go_in_order_with_an_example_each() {
    assert_eq!(refusals(json!([body("Hola {{2}}")])), vec![("components.0.text".to_owned(), "variables_out_of_order")]);
    assert_eq!(refusals(json!([body("Hola {{0}}")])), vec![("components.0.text".to_owned(), "variables_out_of_order")]);
    assert_eq!(
        refusals(json!([body("Hola {{1}} {{name}}")])),
        vec![("components.0.text".to_owned(), "mixed_variables")]
    );
    assert_eq!(
        refusals(json!([body("Hola {{Nombre}}")])),
        vec![("components.0.text".to_owned(), "invalid_variable_name")]
    );
    let missing =
        draft_check(json!([{ "type": "BODY", "text": "Hola {{1}} y {{2}}", "example": { "body_text": [["Ana"]] } }]));
    let missing = missing.unwrap_err();
    assert_eq!((missing.0[0].field.as_str(), missing.0[0].code), ("components.0.example", "missing_example"));
    assert_eq!(missing.0[0].params["expected"], json!(2));
}

#[test]
fn named_parameters_make_a_named_template() {
    let checked = draft_check(json!([{
        "type": "BODY", "text": "Hola {{customer_name}}, pedido {{order_id}}",
        "example": { "body_text_named_params": [
            { "param_name": "customer_name", "example": "Ana" }, { "param_name": "order_id", "example": "A-1" }
        ] }
    }]))
    .unwrap();
    assert_eq!(checked.parameter_format, "NAMED");
    let mut invalid = Invalid::new();
    assert_eq!(
        body_variables("{{a}} {{b}} {{a}}", "body", &mut invalid),
        BodyVariables::Named(vec!["a".to_owned(), "b".to_owned()])
    );
    assert_eq!(body_variables("{{1}} {{2}} {{1}}", "body", &mut invalid), BodyVariables::Positional(2));
    assert!(invalid.is_empty());
}

#[test]
fn components_need_one_body_and_no_repeats() {
    assert_eq!(
        refusals(json!([{ "type": "FOOTER", "text": "Pie" }])),
        vec![("components".to_owned(), "body_required")]
    );
    assert_eq!(refusals(json!({})), vec![("components".to_owned(), "invalid")]);
    assert_eq!(
        refusals(json!([body("a"), body("b"), { "type": "CAROUSEL" }])),
        vec![("components.1.type".to_owned(), "duplicate"), ("components.2.type".to_owned(), "invalid")]
    );
}

#[test]
fn headers_footers_and_media() {
    assert_eq!(
        refusals(json!([{ "type": "HEADER", "format": "IMAGE" }, body("Hola")])),
        vec![("components.0.example.header_handle".to_owned(), "required")]
    );
    assert!(draft_check(json!([{ "type": "HEADER", "format": "LOCATION" }, body("Hola")])).is_ok());
    assert_eq!(
        refusals(json!([{ "type": "HEADER", "format": "GIF" }, body("Hola")])),
        vec![("components.0.format".to_owned(), "invalid")]
    );
    assert_eq!(
        refusals(json!([{ "type": "HEADER", "format": "TEXT", "text": "{{1}} {{2}}" }, body("Hola")])),
        vec![("components.0.text".to_owned(), "too_many")]
    );
    assert_eq!(
        refusals(json!([{ "type": "HEADER", "format": "TEXT", "text": "Hola {{1}}" }, body("Hola")])),
        vec![("components.0.example".to_owned(), "missing_example")]
    );
    assert_eq!(
        refusals(json!([body("Hola"), { "type": "FOOTER", "text": format!("{} {{{{1}}}}", "p".repeat(60)) }])),
        vec![("components.1.text".to_owned(), "too_long"), ("components.1.text".to_owned(), "variables_not_allowed")]
    );
}

#[test]
fn buttons_within_metas_limits() {
    let quick =
        |n: usize| (0..n).map(|i| json!({ "type": "QUICK_REPLY", "text": format!("Opción {i}") })).collect::<Vec<_>>();
    assert_eq!(
        refusals(json!([body("Hola"), { "type": "BUTTONS", "buttons": quick(11) }])),
        vec![("components.1.buttons".to_owned(), "too_many")]
    );
    assert_eq!(
        refusals(
            json!([body("Hola"), { "type": "BUTTONS", "buttons": [{ "type": "QUICK_REPLY", "text": "x".repeat(26) }] }])
        ),
        vec![("components.1.buttons.0.text".to_owned(), "too_long")]
    );
    let url = |u: &str| json!({ "type": "URL", "text": "Ver", "url": u });
    assert_eq!(
        refusals(
            json!([body("Hola"), { "type": "BUTTONS", "buttons": [url("https://a.example"), url("https://b.example"), url("https://c.example")] }])
        ),
        vec![("components.1.buttons".to_owned(), "too_many")]
    );
    assert_eq!(
        refusals(
            json!([body("Hola"), { "type": "BUTTONS", "buttons": [url("https://a.example/{{1}}/x"), url("ftp://a"), url("https://a.example/{{1}}")] }])
        ),
        vec![
            ("components.1.buttons.0.url".to_owned(), "url_variable_at_end"),
            ("components.1.buttons.1.url".to_owned(), "invalid_url"),
            ("components.1.buttons.2.example".to_owned(), "missing_example"),
            ("components.1.buttons".to_owned(), "too_many"),
        ]
    );
    let phone = |p: &str| json!({ "type": "PHONE_NUMBER", "text": "Llamar", "phone_number": p });
    assert_eq!(
        refusals(json!([body("Hola"), { "type": "BUTTONS", "buttons": [phone("+15550783881"), phone("llámame")] }])),
        vec![
            ("components.1.buttons.1.phone_number".to_owned(), "invalid_phone"),
            ("components.1.buttons".to_owned(), "too_many")
        ]
    );
    assert_eq!(
        refusals(json!([body("Hola"), { "type": "BUTTONS", "buttons": [] }])),
        vec![("components.1.buttons".to_owned(), "required")]
    );
}
