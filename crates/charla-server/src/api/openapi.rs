//! The OpenAPI 3.1 document, built from the route table.

use serde_json::{Map, Value, json};

use schemars::generate::{Contract, SchemaSettings};

use schemars::SchemaGenerator;

use super::problem::Problem;
use super::{Access, Answer, Route, routes};

/// The path's id parameters: `{id}` and `{…_id}`.
fn path_ids(path: &str) -> impl Iterator<Item = &str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .filter(|name| *name == "id" || name.ends_with("_id"))
}

/// The success answer of an operation: a view (by reference to the shared schemas), a file,
/// or nothing.
fn success_answer(answer: Answer, generator: &mut schemars::SchemaGenerator) -> Value {
    match answer {
        Answer::Unknown => json!({ "description": "Success" }),
        Answer::Empty => json!({ "description": "Success" }),
        Answer::Json(schema_of) => {
            let schema = serde_json::to_value(schema_of(generator)).unwrap_or_default();
            json!({ "description": "Success", "content": { "application/json": { "schema": schema } } })
        }
        Answer::File(media_type) => json!({
            "description": "Success",
            "content": { media_type: { "schema": { "type": "string", "format": "binary" } } }
        }),
    }
}

/// One operation of the document: its id, access, parameters, body and answers.
fn operation(route: &Route, generator: &mut SchemaGenerator, bodies: &mut SchemaGenerator) -> Value {
    let spec = route.spec;
    let parameters: Vec<Value> = path_ids(spec.path)
        .map(|name| {
            json!({
                "name": name, "in": "path", "required": true,
                "schema": { "type": "string", "format": "uuid" }
            })
        })
        .collect();
    let (security, permission) = match spec.access {
        Access::Public => (json!([]), Value::Null),
        Access::Member => (json!([{ "session": [] }, { "bearer": [] }]), Value::Null),
        Access::Session => (json!([{ "session": [] }]), Value::Null),
        Access::Permission(p) => (json!([{ "session": [] }, { "bearer": [] }]), json!(p.code())),
        Access::AnyOf(ps) => {
            (json!([{ "session": [] }, { "bearer": [] }]), json!(ps.iter().map(|p| p.code()).collect::<Vec<_>>()))
        }
    };
    let mut operation = json!({
        "operationId": format!("{}_{}", spec.method, spec.path.trim_start_matches("/api/v1/").replace(['/', '-', '{', '}', '.'], "_")),
        "tags": [spec.tag],
        "summary": spec.summary,
        "parameters": parameters,
        "security": security,
        "x-charla-permission": permission,
        "responses": {
            spec.success.to_string(): success_answer(route.answer, generator),
            "4XX": { "description": "Problem", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } }
        }
    });
    if let (Some(schema_of), Some(obj)) = (route.body, operation.as_object_mut()) {
        let schema = serde_json::to_value(schema_of(bodies)).unwrap_or_default();
        obj.insert(
            "requestBody".to_owned(),
            json!({ "required": true, "content": { "application/json": { "schema": schema } } }),
        );
    }
    operation
}

/// A generator writing shared schemas under `components.schemas`.
fn schema_generator(contract: Contract) -> schemars::SchemaGenerator {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.contract = contract;
    settings.into_generator()
}

pub fn document() -> Value {
    let mut paths = Map::new();
    // Answers are described as they are written out (optional fields may be absent).
    let mut generator = schema_generator(Contract::Serialize);
    // Bodies are described as they are read (defaults make fields optional).
    let mut bodies = schema_generator(Contract::Deserialize);
    for route in routes() {
        let spec = route.spec;
        let operation = operation(&route, &mut generator, &mut bodies);
        let item = paths.entry(spec.path.to_owned()).or_insert_with(|| json!({}));
        if let Some(obj) = item.as_object_mut() {
            obj.insert(spec.method.to_owned(), operation);
        }
    }
    generator.subschema_for::<Problem>();
    let mut schemas = generator.take_definitions(true);
    for (name, schema) in bodies.take_definitions(true) {
        schemas.entry(name).or_insert(schema);
    }
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Charla API", "version": env!("CARGO_PKG_VERSION") },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "charla_session",
                             "description": "Mutations also need the X-CSRF-Token header (double submit)." },
                "bearer": { "type": "http", "scheme": "bearer" }
            },
            "schemas": schemas
        }
    })
}
