//! The OpenAPI document covers every route and is snapshot-tested.

use charla_testkit::{Backend, TestApp};

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let doc = app.client().get("/api/v1/openapi.json").await.unwrap().body;
    for route in charla_server::api::routes() {
        let spec = route.spec;
        assert!(doc["paths"][spec.path][spec.method].is_object(), "{} {} undocumented", spec.method, spec.path);
    }
    insta::assert_json_snapshot!("openapi", doc);
}

/// Every route names its answer (a view, a file or nothing), so the document describes
/// every success and the web app's generated types cover every call.
#[test]
fn every_route_describes_its_answer() {
    use charla_server::api::{Answer, routes};
    let undescribed: Vec<String> = routes()
        .iter()
        .filter(|r| matches!(r.answer, Answer::Unknown))
        .map(|r| format!("{} {}", r.spec.method, r.spec.path))
        .collect();
    assert!(undescribed.is_empty(), "answers not described: {undescribed:#?}");
}
