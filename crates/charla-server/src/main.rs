//! The `charla` binary: serve (the default), `org create`, `backup` or `restore`.

use anyhow::Context;
use charla_domain::people::{Language, check_email};
use charla_domain::time::Clock;
use charla_domain::validation::Invalid;
use charla_server::backup;
use charla_server::demo::{self, DemoOutcome};
use charla_server::services::orgs;
use charla_server::settings::{Cli, Command, OrgCommand, Settings};
use charla_server::{Application, init_tracing};
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing();
    let _ = rustls::crypto::ring::default_provider().install_default();
    match cli.command {
        Some(Command::Org { command: OrgCommand::Create { name, admin_email, admin_name } }) => {
            create_org(&cli.settings, &name, &admin_email, &admin_name).await
        }
        Some(Command::Backup { to }) => {
            let summary = backup::create(&cli.settings, &to).await?;
            println!(
                "Backup written to {}: the database ({} bytes), {} files ({} bytes) and the secret key.",
                to.display(),
                summary.database_bytes,
                summary.files,
                summary.file_bytes
            );
            Ok(())
        }
        Some(Command::Restore { from }) => {
            let summary = backup::restore(&cli.settings, &from).await?;
            println!(
                "Restored {} into {}: the database ({} bytes), {} files ({} bytes) and the secret key.",
                from.display(),
                cli.settings.data_dir.display(),
                summary.database_bytes,
                summary.files,
                summary.file_bytes
            );
            Ok(())
        }
        None => serve(cli.settings).await,
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let demo_wanted = settings.demo;
    let app = Application::build(settings, Clock::System).await?;
    let state = app.state().clone();
    if demo_wanted {
        let password = std::env::var("CHARLA_DEMO_PASSWORD").ok();
        match demo::ensure(&state.db, &state.clock, password).await? {
            DemoOutcome::Created { password, generated } => {
                println!(
                    "Demo organization created. Log in as {} (also supervisor@demo.test, agent1@demo.test, agent2@demo.test)",
                    demo::ADMIN
                );
                if generated {
                    println!("Demo password: {password}");
                } else {
                    println!("Demo password: the value of CHARLA_DEMO_PASSWORD");
                }
            }
            DemoOutcome::AlreadyThere => {
                println!("Demo organization already present; its data and passwords are kept.")
            }
        }
    }
    let addr = app.local_addr()?;
    println!(
        "Charla is ready at {} (listening on {addr}, started in {} ms)",
        state.settings.public_base(),
        started.elapsed().as_millis()
    );
    app.run_until_stopped().await
}

async fn create_org(settings: &Settings, name: &str, admin_email: &str, admin_name: &str) -> anyhow::Result<()> {
    let mut invalid = Invalid::new();
    let email = check_email(&mut invalid, "admin-email", admin_email);
    let name = charla_domain::tenancy::check_name(&mut invalid, "name", name);
    if let Err(invalid) = invalid.finish() {
        let fields: Vec<String> = invalid.0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect();
        anyhow::bail!("invalid input: {}", fields.join(", "));
    }
    std::fs::create_dir_all(&settings.data_dir)?;
    let db = charla_db::connect(settings.database_url.as_deref(), &settings.data_dir).await?;
    charla_db::migrate(&db).await?;
    let created = orgs::create(
        &db,
        &Clock::System,
        &orgs::NewOrg {
            name: &name,
            admin_name,
            admin_email: &email,
            admin_password_hash: None,
            language: Language::Es,
            time_zone: "America/Bogota",
        },
    )
    .await
    .map_err(|e| match e {
        charla_db::DbError::Conflict(_) => anyhow::anyhow!("{email} already belongs to a user"),
        other => other.into(),
    })?;
    let token = created.invite_token.context("no set-password link was issued")?;
    println!("Organization \u{201c}{name}\u{201d} created ({})", created.org);
    println!("Set the administrator's password at: {}/accept-invite?token={token}", settings.public_base());
    db.close().await;
    Ok(())
}
