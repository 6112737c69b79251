//! One organization never sees or touches another's data.

use charla_domain::access::BuiltinProfile;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

both!(organization_b_gets_404_on_every_id_of_a, |app| async move {
    let a = app.org("Alpha").await?;
    let b = app.org("Beta").await?;
    // Everything A has that has an id.
    let client = a.admin.post("/api/v1/clients", json!({"name": "A client"})).await?.body;
    let project = a.admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "A project"})).await?.body;
    let campaign =
        a.admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "A campaign"})).await?.body;
    let profile = a.admin.post("/api/v1/profiles", json!({"name": "A profile", "permissions": []})).await?.body;
    let reason = a.admin.post("/api/v1/pause-reasons", json!({"name": "A reason"})).await?.body;
    let token = a.admin.post("/api/v1/tokens", json!({"name": "A token", "profile_id": id(&profile)})).await?.body;
    let (agent, _) = app.member(&a, BuiltinProfile::Agent).await?;
    let ids = [
        ("clients", id(&client)),
        ("projects", id(&project)),
        ("campaigns", id(&campaign)),
        ("profiles", id(&profile)),
        ("pause-reasons", id(&reason)),
        ("tokens", id(&token)),
        ("users", agent.to_string()),
    ];
    let mut checked = 0;
    for route in charla_server::api::routes() {
        let spec = route.spec;
        if !spec.path.contains("{id}") {
            continue;
        }
        let resource = spec.path.trim_start_matches("/api/v1/").split('/').next().unwrap();
        let (_, target) = ids.iter().find(|(r, _)| *r == resource).expect("an id for every resource");
        let path = spec.path.replace("{id}", target);
        let method = Method::from_bytes(spec.method.to_uppercase().as_bytes()).unwrap();
        let body = match spec.method {
            "patch" => Some(json!({"name": "stolen"})),
            "post" | "put" => Some(json!({})),
            _ => None,
        };
        let reply = b.admin.send(method, &path, body).await?;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "B on {} {}: {}", spec.method, path, reply.body);
        checked += 1;
    }
    assert!(checked >= 15);
    // Lists never show A's rows to B.
    for list in [
        "/api/v1/clients",
        "/api/v1/projects",
        "/api/v1/campaigns",
        "/api/v1/tokens",
        "/api/v1/pause-reasons",
        "/api/v1/audit-log",
    ] {
        let reply = b.admin.get(list).await?;
        assert_eq!(reply.body["items"].as_array().unwrap().len(), 0, "{list}");
    }
    let users = b.admin.get("/api/v1/users").await?;
    assert_eq!(users.body["items"].as_array().unwrap().len(), 1);
    // B cannot hang its rows under A's parents.
    let reply = b.admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "x"})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["errors"][0]["field"], "client_id");
    // An organization_id in a body is refused, never used.
    let reply = b.admin.post("/api/v1/clients", json!({"name": "x", "organization_id": a.id})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "unknown_field");
    // A's data is untouched.
    let still = a.admin.get(&format!("/api/v1/clients/{}", id(&client))).await?;
    assert_eq!(still.body["name"], "A client");
    assert_eq!(a.admin.get("/api/v1/audit-log").await?.body["items"].as_array().unwrap().len(), 6);
    Ok(())
});
