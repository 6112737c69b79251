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
