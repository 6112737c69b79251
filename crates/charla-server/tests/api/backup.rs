//! Backup and restore (`charla backup` / `charla restore`): a backup taken from a running
//! server while webhooks keep arriving, restored into a fresh data folder, holds every
//! message acknowledged before it began, the attachments, and channel tokens that still
//! decrypt. PostgreSQL is refused with the `pg_dump` advice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use charla_db::repo::messages;
use charla_server::backup;
use charla_server::settings::Settings;
use charla_testkit::app::PASSWORD;
use charla_testkit::fixtures::{self, config};
use charla_testkit::graph::{GraphStandIn, TOKEN};
use charla_testkit::{Backend, TestApp};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use uuid::Uuid;

use super::desk::{desk, id};
use super::whatsapp::{allow_stand_ins, whatsapp_channel};

const ATTACHMENT: &[u8] = b"%PDF-1.7 a contract the customer signed\n";

/// The text-message fixture as a new message `n`, signed as Meta signs it.
fn text_message(n: usize) -> (String, Vec<u8>, String) {
    let mut payload = fixtures::json("whatsapp/text_message.json");
    let wamid = format!("wamid.backup-{n:06}");
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = Value::String(wamid.clone());
    let body = serde_json::to_vec(&payload).unwrap();
    let signature = charla_channels::signature::sign_sha256(config::APP_SECRET.as_bytes(), &body);
    (wamid, body, signature)
}

/// Posts new messages until told to stop; collects the ids Charla acknowledged (200).
fn keep_posting(
    url: String,
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<String>>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let http = reqwest::Client::new();
        let mut n = 0;
        while !stop.load(Ordering::Relaxed) {
            let (wamid, body, signature) = text_message(n);
            n += 1;
            let sent = http
                .post(&url)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", signature)
                .body(body)
                .send()
                .await;
            if sent.is_ok_and(|r| r.status() == StatusCode::OK) {
                acknowledged.lock().unwrap().push(wamid);
            }
        }
    })
}

fn fresh_folder() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("charla-restore-{}", Uuid::now_v7().simple()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_every_acknowledged_message_file_and_token() -> anyhow::Result<()> {
    let graph = GraphStandIn::start().await?;
    let app = TestApp::spawn_with(Backend::Sqlite, allow_stand_ins).await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let upload = desk
        .admin()
        .send_bytes(
            Method::POST,
            "/api/v1/files?name=contrato.pdf&library=true",
            "application/pdf",
            ATTACHMENT.to_vec(),
        )
        .await?;
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.body);
    let file = id(&upload.body);

    let url = channel["webhook_url"].as_str().unwrap().replace("http://charla.test", &app.base);
    let (stop, acknowledged) = (Arc::new(AtomicBool::new(false)), Arc::new(Mutex::new(Vec::new())));
    let load = keep_posting(url, stop.clone(), acknowledged.clone());
    while acknowledged.lock().unwrap().len() < 25 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let archive = app.data_dir.with_extension("backup");
    let written = backup::create(&app.state.settings, &archive).await?;
    let during = acknowledged.lock().unwrap().len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    load.await?;
    assert!(acknowledged.lock().unwrap().len() > during, "the server kept taking webhooks during the backup");
    assert_eq!((written.files, written.file_bytes), (1, ATTACHMENT.len() as u64));

    let folder = fresh_folder();
    let restored_settings = Settings::for_data_dir(folder.clone());
    let unpacked = backup::restore(&restored_settings, &archive).await?;
    assert_eq!(unpacked.files, 1);
    let again = backup::restore(&restored_settings, &archive).await.unwrap_err();
    assert!(again.to_string().contains("already holds a database"), "{again}");

    let restored = TestApp::spawn_with(Backend::Sqlite, |settings| {
        allow_stand_ins(settings);
        settings.data_dir = folder.clone();
    })
    .await?;
    restored.drain_intake().await?;
    let channel_id: Uuid = id(&channel).parse()?;
    for wamid in &before {
        let found = messages::find_by_network_id(&restored.state.db, desk.org.id, channel_id, wamid).await?;
        assert!(found.is_some(), "{wamid}, acknowledged before the backup, is in the restored copy");
    }

    let admin = restored.client();
    admin.login_ok(&desk.org.admin_email, PASSWORD).await?;
    let content = reqwest::Client::new()
        .get(restored.url(&format!("/api/v1/files/{file}/content")))
        .header("cookie", admin.cookie_header().unwrap_or_default())
        .send()
        .await?;
    assert_eq!(content.status(), StatusCode::OK);
    assert_eq!(content.bytes().await?.as_ref(), ATTACHMENT, "the attachment's bytes came back");

    let seen = graph.requests().len();
    let sync = admin.post(&format!("/api/v1/channels/{channel_id}/sync-templates"), Value::Null).await?;
    assert_eq!(sync.status, StatusCode::ACCEPTED, "{}", sync.body);
    restored.run_pending_jobs().await?;
    let reads: Vec<_> =
        graph.requests().into_iter().skip(seen).filter(|r| r.path.contains("message_templates")).collect();
    assert!(!reads.is_empty(), "the restored server called the Graph API");
    assert!(
        reads.iter().all(|r| r.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"))),
        "with the channel's token, decrypted by the restored key"
    );
    let _ = std::fs::remove_file(&archive);
    let _ = std::fs::remove_dir_all(&folder);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_is_backed_up_with_pg_dump_and_the_command_says_so() -> anyhow::Result<()> {
    let app = TestApp::spawn(Backend::Postgres).await?;
    let archive = app.data_dir.with_extension("backup");
    let refused = backup::create(&app.state.settings, &archive).await.unwrap_err();
    assert!(refused.to_string().contains("pg_dump"), "{refused}");
    assert!(!archive.exists(), "nothing written");
    let restore = backup::restore(&app.state.settings, &archive).await.unwrap_err();
    assert!(restore.to_string().contains("pg_restore"), "{restore}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_that_is_not_a_charla_backup_is_refused_and_leaves_nothing() -> anyhow::Result<()> {
    let folder = fresh_folder();
    std::fs::create_dir_all(&folder)?;
    let bogus = folder.join("not-a-backup.tar");
    std::fs::write(&bogus, b"just some bytes, not an archive at all")?;
    let target = folder.join("data");
    let settings = Settings::for_data_dir(target.clone());
    assert!(backup::restore(&settings, &bogus).await.is_err());
    assert!(!target.join("charla.sqlite").exists(), "no database appeared");
    assert!(!target.join("secret.key").exists(), "no key appeared");
    let _ = std::fs::remove_dir_all(&folder);
    Ok(())
}
