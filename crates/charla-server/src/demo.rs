//! `--demo`: an organization a newcomer can log into at once. Kept when already there.

use charla_db::repo::{
    campaign_settings, channels, dispositions, hierarchy, pause_reasons, profiles, queues, supervision, users,
};
use std::collections::BTreeSet;

use charla_db::{Db, DbError, Tx};
use charla_domain::access::BuiltinProfile;
use charla_domain::campaigns::{AgentPermissions, default_cancel_word};
use charla_domain::channels::ChannelKind;
use charla_domain::conversations::fields::FieldKind;
use charla_domain::ids::new_id;
use charla_domain::people::{DEFAULT_CAPACITY, Language};
use charla_domain::routing::assignment::AssignmentMethod;
use charla_domain::search::search_key;
use charla_domain::time::{Clock, Ts};
use uuid::Uuid;

use crate::auth::{password, secret_token};
use crate::services::orgs;

pub const ADMIN: &str = "admin@demo.test";
const PEOPLE: [(&str, &str, BuiltinProfile); 3] = [
    ("supervisor@demo.test", "Sofía Supervisora", BuiltinProfile::Supervisor),
    ("agent1@demo.test", "Andrés Agente", BuiltinProfile::Agent),
    ("agent2@demo.test", "Beatriz Agente", BuiltinProfile::Agent),
];
const PAUSE_REASONS: [&str; 3] = ["Almuerzo", "Capacitación", "Pausa activa"];

/// What happened, for the start-up message.
pub enum DemoOutcome {
    Created { password: String, generated: bool },
    AlreadyThere,
}

pub async fn ensure(db: &Db, clock: &Clock, password_setting: Option<String>) -> anyhow::Result<DemoOutcome> {
    if users::credentials_by_email(db, ADMIN).await?.is_some() {
        return Ok(DemoOutcome::AlreadyThere);
    }
    let (password_text, generated) = match password_setting.filter(|p| !p.is_empty()) {
        Some(p) => (p, false),
        None => (secret_token::random_secret().chars().take(16).collect(), true),
    };
    let hash = password::hash(password_text.clone()).await?;
    let created = orgs::create(
        db,
        clock,
        &orgs::NewOrg {
            name: "Demo",
            admin_name: "Ana Administradora",
            admin_email: ADMIN,
            admin_password_hash: Some(&hash),
            language: Language::Es,
            time_zone: "America/Bogota",
        },
    )
    .await?;
    populate(db, clock, created.org, &hash).await?;
    Ok(DemoOutcome::Created { password: password_text, generated })
}

async fn populate(db: &Db, clock: &Clock, org: Uuid, hash: &str) -> Result<(), DbError> {
    let now = clock.now();
    let mut profile_ids = Vec::new();
    for builtin in [BuiltinProfile::Supervisor, BuiltinProfile::Agent] {
        if let Some(p) = profiles::find_builtin(db, org, builtin.code()).await? {
            profile_ids.push((builtin, p.id));
        }
    }
    let mut tx = db.begin().await?;
    let people = add_people(&mut tx, org, &profile_ids, hash, now).await?;
    for reason in PAUSE_REASONS {
        pause_reasons::insert(&mut tx, org, new_id(), reason, now).await?;
    }
    let (project, campaigns) = add_campaigns(&mut tx, org, &people.agents, now).await?;
    // The demo supervisor supervises the demo campaigns (ORG-3).
    let supervised: BTreeSet<Uuid> = campaigns.iter().copied().collect();
    for supervisor in &people.supervisors {
        supervision::replace(&mut tx, org, *supervisor, &supervised).await?;
    }
    if let Some(support) = campaigns.first() {
        set_up_support(&mut tx, org, project, *support, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The demo's agents and supervisors, by id.
struct People {
    agents: Vec<Uuid>,
    supervisors: Vec<Uuid>,
}

/// The supervisor and the agents, with the demo password.
async fn add_people(
    tx: &mut Tx,
    org: Uuid,
    profile_ids: &[(BuiltinProfile, Uuid)],
    hash: &str,
    now: Ts,
) -> Result<People, DbError> {
    let mut people = People { agents: Vec::new(), supervisors: Vec::new() };
    for (email, name, builtin) in PEOPLE {
        let Some((_, profile_id)) = profile_ids.iter().find(|(b, _)| *b == builtin) else {
            continue;
        };
        let id = new_id();
        match builtin {
            BuiltinProfile::Agent => people.agents.push(id),
            BuiltinProfile::Supervisor => people.supervisors.push(id),
            BuiltinProfile::Administrator => {}
        }
        users::insert(
            tx,
            &users::NewUser {
                org,
                id,
                email,
                name,
                search_key: &search_key(name),
                language: Language::Es.code(),
                time_zone: "America/Bogota",
                capacity: DEFAULT_CAPACITY,
                profile_id: *profile_id,
                password_hash: Some(hash),
                now,
            },
        )
        .await?;
    }
    Ok(people)
}

/// A client, its project, and the Soporte and Ventas campaigns, each with its default
/// queue that every agent joins, named by what it serves (not two "Cola general" side by side
/// in every filter). Returns the project and the campaigns.
async fn add_campaigns(tx: &mut Tx, org: Uuid, agents: &[Uuid], now: Ts) -> Result<(Uuid, Vec<Uuid>), DbError> {
    let client = new_id();
    let project = new_id();
    let node = |id, parent_id, name, description| hierarchy::NewNode { org, id, parent_id, name, description, now };
    hierarchy::insert(tx, hierarchy::Level::Client, &node(client, None, "Demo Retail", None)).await?;
    hierarchy::insert(tx, hierarchy::Level::Project, &node(project, Some(client), "Atención al cliente", None)).await?;
    let mut campaigns = Vec::new();
    for (name, description, queue_name) in [
        ("Soporte", Some("Consultas y reclamos de clientes"), "Consultas y reclamos"),
        ("Ventas", Some("Clientes interesados en comprar"), "Compras"),
    ] {
        let campaign = new_id();
        hierarchy::insert(tx, hierarchy::Level::Campaign, &node(campaign, Some(project), name, description)).await?;
        let queue = new_id();
        queues::insert(tx, org, queue, campaign, queue_name, now).await?;
        campaign_settings::set_default_queue(tx, org, campaign, queue).await?;
        queues::set_members(tx, org, queue, agents).await?;
        campaigns.push(campaign);
    }
    Ok((project, campaigns))
}

/// Soporte: round robin, two dispositions to close with, one required field, and the
/// simulator (bot off) so a newcomer can play the customer at once.
async fn set_up_support(tx: &mut Tx, org: Uuid, project: Uuid, support: Uuid, now: Ts) -> Result<(), DbError> {
    let mut dispositions_ids = Vec::new();
    for name in ["Resuelto", "Sin solución", "Transferido", "Cerrado por inactividad"] {
        let id = new_id();
        dispositions::insert(tx, org, id, project, name, now).await?;
        dispositions_ids.push(id);
    }
    let [resolved, unsolved, transferred, inactive] = dispositions_ids.as_slice() else {
        return Ok(());
    };
    campaign_settings::set_dispositions(tx, org, support, &[*resolved, *unsolved]).await?;
    campaign_settings::update(
        tx,
        org,
        support,
        &campaign_settings::SettingsUpdate {
            assignment_method: AssignmentMethod::RoundRobin.code(),
            cancel_word: default_cancel_word(Language::Es),
            inactivity_minutes: None,
            inactivity_disposition_id: Some(*inactive),
            transfer_disposition_id: Some(*transferred),
            mass_transfer_disposition_id: Some(*transferred),
            agent_permissions: &serde_json::to_value(AgentPermissions::default()).unwrap_or_default(),
            schedule: Some(&serde_json::json!({ "time_zone": "America/Bogota", "always_open": true })),
            out_of_hours: None,
            now,
        },
    )
    .await?;
    add_contact_reason_field(tx, org, support, now).await?;
    channels::insert(
        tx,
        &channels::NewChannel {
            org,
            id: new_id(),
            kind: ChannelKind::Simulator.code(),
            name: "Simulador WhatsApp",
            campaign_id: support,
            config: &serde_json::json!({}),
            secrets: None,
            bot_enabled: false,
            status: "active",
            network_key: None,
            network_account: None,
            now,
        },
    )
    .await?;
    Ok(())
}

/// Soporte's required "reason for contact" list, asked when a conversation closes.
async fn add_contact_reason_field(tx: &mut Tx, org: Uuid, campaign_id: Uuid, now: Ts) -> Result<(), DbError> {
    campaign_settings::upsert_field(
        tx,
        &campaign_settings::FieldWrite {
            org,
            id: new_id(),
            campaign_id,
            name: "Motivo de contacto",
            kind: FieldKind::List.code(),
            required: true,
            options: &["Pedido".to_owned(), "Reclamo".to_owned(), "Información".to_owned()],
            position: 0,
            archived_at: None,
            now,
        },
    )
    .await?;
    Ok(())
}
