//! Every route × Administrator / Supervisor / Agent / API token → the expected answer.

use charla_domain::access::BuiltinProfile;
use charla_server::api::{Access, routes};
use charla_testkit::TestClient;
use reqwest::{Method, StatusCode};
use serde_json::json;

struct Role {
    name: &'static str,
    client: TestClient,
    profile: BuiltinProfile,
    is_token: bool,
}

both!(every_route_checks_the_callers_permission, |app| async move {
    let org = app.org("Acme").await?;
    let (_, supervisor) = app.member(&org, BuiltinProfile::Supervisor).await?;
    let (_, agent) = app.member(&org, BuiltinProfile::Agent).await?;
    let supervisor_profile = org.admin.get("/api/v1/profiles").await?.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["builtin"] == "supervisor")
        .unwrap()["id"]
        .clone();
    let token = org.admin.post("/api/v1/tokens", json!({"name": "matrix", "profile_id": supervisor_profile})).await?;
    let bearer = org.admin.with_bearer(token.body["token"].as_str().unwrap());
    let roles = [
        Role {
            name: "administrator",
            client: org.admin.clone(),
            profile: BuiltinProfile::Administrator,
            is_token: false,
        },
        Role { name: "supervisor", client: supervisor, profile: BuiltinProfile::Supervisor, is_token: false },
        Role { name: "agent", client: agent, profile: BuiltinProfile::Agent, is_token: false },
        Role { name: "api token (supervisor)", client: bearer, profile: BuiltinProfile::Supervisor, is_token: true },
    ];
    let anonymous = app.client();
    let unknown = uuid::Uuid::now_v7();
    let mut checked = 0;
    for route in routes() {
        let spec = route.spec;
        let path = spec.path.replace("{id}", &unknown.to_string());
        let method = Method::from_bytes(spec.method.to_uppercase().as_bytes()).unwrap();
        let body = matches!(spec.method, "post" | "patch" | "put").then(|| json!({}));
        // Logging out would end the session the next routes need; it is covered elsewhere.
        if matches!(spec.path, "/api/v1/session" | "/api/v1/sessions") && spec.method == "delete" {
            continue;
        }
        if spec.access != Access::Public {
            let reply = anonymous.send(method.clone(), &path, body.clone()).await?;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "anonymous {} {}", spec.method, spec.path);
        }
        for role in &roles {
            let allowed = match spec.access {
                Access::Public | Access::Member => true,
                Access::Session => !role.is_token,
                Access::Permission(p) => role.profile.permissions().contains(&p),
                Access::AnyOf(ps) => ps.iter().any(|p| role.profile.permissions().contains(p)),
            };
            let reply = role.client.send(method.clone(), &path, body.clone()).await?;
            if allowed {
                assert!(
                    !matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
                    "{} should reach {} {} but got {} {}",
                    role.name,
                    spec.method,
                    spec.path,
                    reply.status,
                    reply.body
                );
            } else {
                assert_eq!(
                    reply.status,
                    StatusCode::FORBIDDEN,
                    "{} on {} {}: {}",
                    role.name,
                    spec.method,
                    spec.path,
                    reply.body
                );
                assert_eq!(reply.code(), "forbidden");
            }
            assert!(!reply.status.is_server_error(), "{} {} {}: {}", role.name, spec.method, spec.path, reply.body);
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} checks ran");
    Ok(())
});
