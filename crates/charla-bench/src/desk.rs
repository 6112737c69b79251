//! A WhatsApp desk made through the API only: client, project, campaign (with its default
//! queue) and channel A of the fixtures' configuration, its Graph API base URL pointed at
//! a local stand-in.

use anyhow::Context;
use charla_testkit::fixtures::config;
use charla_testkit::graph::TOKEN;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::session::Session;

pub struct WhatsAppDesk {
    pub campaign: Uuid,
    pub channel: Uuid,
}

/// Creates the desk as `admin` (an administrator's session).
pub async fn whatsapp(admin: &Session, api_base_url: &str) -> anyhow::Result<WhatsAppDesk> {
    let client = admin.post("/api/v1/clients", json!({"name": "Bench retail"})).await?;
    let project = admin.post("/api/v1/projects", json!({"client_id": id(&client)?, "name": "Bench service"})).await?;
    let campaign =
        admin.post("/api/v1/campaigns", json!({"project_id": id(&project)?, "name": "Bench WhatsApp"})).await?;
    let campaign = id(&campaign)?;
    let channel = admin
        .post(
            "/api/v1/channels",
            json!({
                "kind": "whatsapp",
                "name": "WhatsApp bench",
                "campaign_id": campaign,
                "config": {
                    "phone_number_id": config::NUMBER_A,
                    "waba_id": config::WABA_A,
                    "display_phone_number": config::DISPLAY_A,
                    "access_token": TOKEN,
                    "app_secret": config::APP_SECRET,
                    "verify_token": config::VERIFY_TOKEN,
                    "api_base_url": api_base_url,
                },
            }),
        )
        .await?;
    Ok(WhatsAppDesk { campaign, channel: id(&channel)? })
}

/// The `id` of an API resource.
pub fn id(v: &Value) -> anyhow::Result<Uuid> {
    let text = v.get("id").and_then(Value::as_str).with_context(|| format!("no id in {v}"))?;
    Ok(Uuid::try_parse(text)?)
}

/// The bench organization's administrator, for servers the bench runs in-process.
pub const ADMIN_EMAIL: &str = "admin@bench.charla.test";
pub const ADMIN_PASSWORD: &str = "bench horse battery staple";

/// Creates an organization straight through the service (before any measurement, as the
/// `inbox` bench does) and logs its administrator in; answers the organization's id too.
pub async fn organization(db: &charla_db::Db, base: &str) -> anyhow::Result<(Uuid, Session)> {
    let hash = tokio::task::spawn_blocking(|| password_auth::generate_hash(ADMIN_PASSWORD)).await?;
    let created = charla_server::services::orgs::create(
        db,
        &charla_domain::time::Clock::System,
        &charla_server::services::orgs::NewOrg {
            name: "Bench",
            admin_name: "Admin",
            admin_email: ADMIN_EMAIL,
            admin_password_hash: Some(&hash),
            language: charla_domain::people::Language::Es,
            time_zone: "America/Bogota",
        },
    )
    .await?;
    Ok((created.org, Session::login(base, ADMIN_EMAIL, ADMIN_PASSWORD).await?))
}
