//! `--demo`: an organization a newcomer can log into at once. Kept when already there.

use charla_db::repo::{hierarchy, pause_reasons, profiles, users};
use charla_db::{Db, DbError};
use charla_domain::access::BuiltinProfile;
use charla_domain::ids::new_id;
use charla_domain::people::{DEFAULT_CAPACITY, Language};
use charla_domain::search::search_key;
use charla_domain::time::Clock;

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

async fn populate(db: &Db, clock: &Clock, org: uuid::Uuid, hash: &str) -> Result<(), DbError> {
    let now = clock.now();
    let mut profile_ids = Vec::new();
    for builtin in [BuiltinProfile::Supervisor, BuiltinProfile::Agent] {
        if let Some(p) = profiles::find_builtin(db, org, builtin.code()).await? {
            profile_ids.push((builtin, p.id));
        }
    }
    let mut tx = db.begin().await?;
    for (email, name, builtin) in PEOPLE {
        let Some((_, profile_id)) = profile_ids.iter().find(|(b, _)| *b == builtin) else {
            continue;
        };
        users::insert(
            &mut tx,
            &users::NewUser {
                org,
                id: new_id(),
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
    for reason in PAUSE_REASONS {
        pause_reasons::insert(&mut tx, org, new_id(), reason, now).await?;
    }
    let client = new_id();
    let project = new_id();
    let node = |id, parent_id, name, description| hierarchy::NewNode { org, id, parent_id, name, description, now };
    hierarchy::insert(&mut tx, hierarchy::Level::Client, &node(client, None, "Demo Retail", None)).await?;
    hierarchy::insert(&mut tx, hierarchy::Level::Project, &node(project, Some(client), "Atención al cliente", None))
        .await?;
    for (name, description) in
        [("Soporte", Some("Consultas y reclamos de clientes")), ("Ventas", Some("Clientes interesados en comprar"))]
    {
        hierarchy::insert(&mut tx, hierarchy::Level::Campaign, &node(new_id(), Some(project), name, description))
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
