//! Custom contact fields (CRM-2): defined by administrators, values checked by type on
//! every write, shown on the contact, filtered on both databases, archived without loss,
//! and never shared between organizations.

use charla_domain::access::BuiltinProfile;
use charla_testkit::TestClient;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{id, ok};

fn items(reply: &charla_testkit::app::Reply) -> Vec<Value> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["items"].as_array().unwrap().clone()
}

fn field_errors(reply: &charla_testkit::app::Reply) -> Vec<(String, String)> {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect()
}

/// One field of every type, in this order.
async fn define_all(admin: &TestClient) -> anyhow::Result<Vec<Value>> {
    let mut fields = Vec::new();
    for body in [
        json!({"key": "city", "label": "Ciudad", "type": "text"}),
        json!({"key": "score", "label": "Puntaje", "type": "number"}),
        json!({"key": "birthday", "label": "Cumpleaños", "type": "date"}),
        json!({"key": "plan", "label": "Plan", "type": "list", "options": ["Oro", "Plata"]}),
        json!({"key": "vip", "label": "VIP", "type": "boolean"}),
        json!({"key": "work_email", "label": "Correo laboral", "type": "email"}),
        json!({"key": "mobile", "label": "Celular", "type": "phone"}),
    ] {
        let reply = admin.post("/api/v1/contact-fields", body).await?;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        fields.push(reply.body);
    }
    Ok(fields)
}

async fn contact(admin: &TestClient, name: &str, fields: Value) -> anyhow::Result<Value> {
    ok(admin.post("/api/v1/contacts", json!({"name": name, "fields": fields})).await).await
}

async fn names(admin: &TestClient, query: &str) -> anyhow::Result<Vec<String>> {
    let reply = admin.get(&format!("/api/v1/contacts?{query}")).await?;
    let mut names: Vec<String> = items(&reply).iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    Ok(names)
}

both!(fields_are_defined_and_their_definitions_checked, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    let fields = define_all(admin).await?;
    assert_eq!(fields[3]["options"], json!(["Oro", "Plata"]));
    assert_eq!(fields[0]["type"], "text");
    let listed = items(&admin.get("/api/v1/contact-fields").await?);
    let keys: Vec<&str> = listed.iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["city", "score", "birthday", "plan", "vip", "work_email", "mobile"]);

    let bad = [
        (json!({"key": "Ciudad Natal", "label": "x", "type": "text"}), ("key", "invalid_key")),
        (json!({"key": "email", "label": "x", "type": "text"}), ("key", "reserved_key")),
        (json!({"key": "city", "label": "x", "type": "text"}), ("key", "taken")),
        (json!({"key": "tier", "label": "", "type": "text"}), ("label", "required")),
        (json!({"key": "tier", "label": "Tier", "type": "list"}), ("options", "required")),
        (json!({"key": "tier", "label": "Tier", "type": "list", "options": ["A", "a"]}), ("options", "duplicate")),
        (json!({"key": "tier", "label": "Tier", "type": "number", "options": ["A"]}), ("options", "invalid")),
    ];
    for (body, (field, code)) in bad {
        let reply = admin.post("/api/v1/contact-fields", body.clone()).await?;
        assert_eq!(field_errors(&reply), vec![(field.to_owned(), code.to_owned())], "{body}");
    }
    let unknown_type = admin.post("/api/v1/contact-fields", json!({"key": "t", "label": "T", "type": "color"})).await?;
    assert_eq!(unknown_type.status, StatusCode::BAD_REQUEST);
    assert_eq!(items(&admin.get("/api/v1/contact-fields").await?).len(), 7, "nothing half-written");

    // Agents read the fields (to show them) but may not define them.
    let (_, agent) = app.member(&org, BuiltinProfile::Agent).await?;
    assert_eq!(items(&agent.get("/api/v1/contact-fields").await?).len(), 7);
    let refused = agent.post("/api/v1/contact-fields", json!({"key": "x", "label": "X", "type": "text"})).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    Ok(())
});

both!(values_are_checked_by_type_on_every_write, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    define_all(admin).await?;
    let ana = contact(
        admin,
        "Ana",
        json!({"city": " Medellín ", "score": 7.5, "birthday": "1990-02-28", "plan": "oro", "vip": true,
               "work_email": "Ana@Example.com", "mobile": "+57 300 123 4567"}),
    )
    .await?;
    assert_eq!(
        ana["fields"],
        json!({"city": "Medellín", "score": 7.5, "birthday": "1990-02-28", "plan": "Oro", "vip": true,
               "work_email": "ana@example.com", "mobile": "+573001234567"})
    );
    let before = items(&admin.get("/api/v1/contacts").await?).len();
    let wrong = [
        ("score", json!("siete"), "invalid_number"),
        ("birthday", json!("2023-02-29"), "invalid_calendar_date"),
        ("plan", json!("Bronce"), "not_an_option"),
        ("vip", json!("yes"), "invalid"),
        ("work_email", json!("no es correo"), "invalid_email"),
        ("mobile", json!("llámame"), "invalid_phone"),
        ("color", json!("rojo"), "unknown_field"),
    ];
    for (key, value, code) in wrong {
        let reply = admin.post("/api/v1/contacts", json!({"name": "Bad", "fields": {key: value.clone()}})).await?;
        assert_eq!(field_errors(&reply), vec![(format!("fields.{key}"), code.to_owned())], "{key} {value}");
        let edit = admin.patch(&format!("/api/v1/contacts/{}", id(&ana)), json!({"fields": {key: value}})).await?;
        assert_eq!(edit.status, StatusCode::BAD_REQUEST, "{}", edit.body);
    }
    assert_eq!(items(&admin.get("/api/v1/contacts").await?).len(), before, "no contact half-written");

    let edited = ok(admin
        .patch(&format!("/api/v1/contacts/{}", id(&ana)), json!({"fields": {"score": 9, "city": null, "vip": false}}))
        .await)
    .await?;
    assert_eq!(edited["fields"]["score"], json!(9.0));
    assert_eq!(edited["fields"]["vip"], json!(false));
    assert!(edited["fields"].get("city").is_none(), "null clears: {}", edited["fields"]);
    assert_eq!(edited["fields"]["plan"], "Oro", "untouched values stay");
    Ok(())
});

both!(contacts_are_filtered_by_any_field_type, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    define_all(admin).await?;
    contact(
        admin,
        "Ana",
        json!({"city": "Medellín", "score": 7.5, "birthday": "1990-02-28", "plan": "Oro", "vip": true}),
    )
    .await?;
    contact(
        admin,
        "Beto",
        json!({"city": "Bogotá", "score": 3, "birthday": "2001-11-05", "plan": "Plata", "vip": false}),
    )
    .await?;
    contact(admin, "Caro", json!({"city": "Medellín Norte", "score": 12, "work_email": "caro@acme.co"})).await?;
    contact(admin, "Dani", json!({})).await?;

    assert_eq!(names(admin, "field=city&field_value=Medellín").await?, ["Ana"]);
    assert_eq!(names(admin, "field=city&field_op=contains&field_value=medell").await?, ["Ana", "Caro"]);
    assert_eq!(names(admin, "field=score&field_op=gt&field_value=5").await?, ["Ana", "Caro"]);
    assert_eq!(names(admin, "field=score&field_op=lt&field_value=5").await?, ["Beto"]);
    assert_eq!(names(admin, "field=score&field_value=12").await?, ["Caro"]);
    assert_eq!(names(admin, "field=birthday&field_op=lt&field_value=2000-01-01").await?, ["Ana"]);
    assert_eq!(names(admin, "field=plan&field_value=Plata").await?, ["Beto"]);
    assert_eq!(names(admin, "field=vip&field_value=false").await?, ["Beto"]);
    assert_eq!(names(admin, "field=work_email&field_op=is_set").await?, ["Caro"]);
    assert_eq!(names(admin, "field=city&field_value=100%25").await?, Vec::<String>::new(), "wildcards are text");

    let refused = [
        ("field=color&field_value=x", "field", "unknown_field"),
        ("field=city&field_op=gt&field_value=a", "field_op", "invalid"),
        ("field=score&field_value=muchos", "field_value", "invalid"),
        ("field=score", "field_value", "required"),
    ];
    for (query, field, code) in refused {
        let reply = admin.get(&format!("/api/v1/contacts?{query}")).await?;
        assert_eq!(field_errors(&reply), vec![(field.to_owned(), code.to_owned())], "{query}");
    }
    Ok(())
});

both!(an_archived_field_keeps_its_values_hidden_until_restored, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    let fields = define_all(admin).await?;
    let city = id(&fields[0]);
    let ana = contact(admin, "Ana", json!({"city": "Cali"})).await?;
    let renamed = ok(admin
        .patch(&format!("/api/v1/contact-fields/{city}"), json!({"label": "Ciudad de residencia", "archived": true}))
        .await)
    .await?;
    assert_eq!(renamed["label"], "Ciudad de residencia");
    assert!(renamed["archived_at"].is_string());
    assert!(!items(&admin.get("/api/v1/contact-fields").await?).iter().any(|f| f["key"] == "city"));
    assert!(items(&admin.get("/api/v1/contact-fields?archived=true").await?).iter().any(|f| f["key"] == "city"));
    let shown = ok(admin.get(&format!("/api/v1/contacts/{}", id(&ana))).await).await?;
    assert!(shown["fields"].get("city").is_none());
    let write = admin.patch(&format!("/api/v1/contacts/{}", id(&ana)), json!({"fields": {"city": "Pasto"}})).await?;
    assert_eq!(field_errors(&write), vec![("fields.city".to_owned(), "unknown_field".to_owned())]);
    let changed_type = admin.patch(&format!("/api/v1/contact-fields/{city}"), json!({"type": "number"})).await?;
    assert_eq!(changed_type.status, StatusCode::BAD_REQUEST, "a field's type never changes");

    ok(admin.patch(&format!("/api/v1/contact-fields/{city}"), json!({"archived": false})).await).await?;
    let shown = ok(admin.get(&format!("/api/v1/contacts/{}", id(&ana))).await).await?;
    assert_eq!(shown["fields"]["city"], "Cali", "the value came back with its field");
    Ok(())
});

both!(fields_and_their_values_stay_in_their_organization, |app| async move {
    let a = app.org("Acme").await?;
    let b = app.org("Globex").await?;
    let fields = define_all(&a.admin).await?;
    contact(&a.admin, "Ana", json!({"city": "Cali"})).await?;
    assert!(items(&b.admin.get("/api/v1/contact-fields").await?).is_empty());
    let stolen = b.admin.patch(&format!("/api/v1/contact-fields/{}", id(&fields[0])), json!({"label": "x"})).await?;
    assert_eq!(stolen.status, StatusCode::NOT_FOUND);
    let probe = b.admin.get("/api/v1/contacts?field=city&field_value=Cali").await?;
    assert_eq!(field_errors(&probe), vec![("field".to_owned(), "unknown_field".to_owned())]);
    // The same key is free in another organization, and its values are its own.
    let own = b.admin.post("/api/v1/contact-fields", json!({"key": "city", "label": "City", "type": "text"})).await?;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    assert!(names(&b.admin, "field=city&field_value=Cali").await?.is_empty());
    assert_eq!(names(&a.admin, "field=city&field_value=Cali").await?, ["Ana"]);
    Ok(())
});
