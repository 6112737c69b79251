//! The job runner: leases that expire, retries with back-off, a visible failed state.

use charla_db::repo::jobs;
use charla_domain::ids::new_id;
use charla_server::jobs::runner::{self, LEASE, backoff};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;

both!(a_job_whose_runner_died_runs_again_after_its_lease, |app| async move {
    let org = app.org("Acme").await?;
    let db = &app.state.db;
    let mut tx = db.begin().await?;
    let mail = json!({"to": "someone@acme.test", "subject": "Hola", "body": "Hola"});
    jobs::enqueue(
        &mut tx,
        &jobs::NewJob {
            org: org.id,
            id: new_id(),
            kind: "mail.send",
            payload: &mail,
            run_at: app.clock.now(),
            max_attempts: 3,
            dedup_key: Some("only-once"),
            now: app.clock.now(),
        },
    )
    .await?;
    // The same dedup key is not enqueued twice while the first waits.
    let twice = jobs::enqueue(
        &mut tx,
        &jobs::NewJob {
            org: org.id,
            id: new_id(),
            kind: "mail.send",
            payload: &mail,
            run_at: app.clock.now(),
            max_attempts: 3,
            dedup_key: Some("only-once"),
            now: app.clock.now(),
        },
    )
    .await?;
    assert!(!twice);
    tx.commit().await?;
    // A node claims it and dies without finishing: nobody else may take it during the lease.
    let now = app.clock.now();
    let claimed = jobs::claim(db, now, now.plus(LEASE), 10).await?;
    assert_eq!(claimed.len(), 1);
    assert_eq!(app.run_pending_jobs().await?, 0);
    assert!(app.smtp.mails().is_empty());
    // After the lease the job runs again, and finishes.
    app.clock.advance(LEASE + SignedDuration::from_secs(1));
    assert_eq!(app.run_pending_jobs().await?, 1);
    assert_eq!(app.smtp.mails().len(), 1);
    assert_eq!(jobs::get(db, org.id, claimed[0].id).await?.map(|j| j.status), None, "done jobs leave the table");
    Ok(())
});

both!(a_lapsed_lease_is_claimed_again_and_its_old_holder_no_longer_renews_it, |app| async move {
    let org = app.org("Acme").await?;
    let db = &app.state.db;
    let mut tx = db.begin().await?;
    let id = new_id();
    let mail = json!({"to": "someone@acme.test", "subject": "Hola", "body": "Hola"});
    let job = jobs::NewJob {
        org: org.id,
        id,
        kind: "mail.send",
        payload: &mail,
        run_at: app.clock.now(),
        max_attempts: 3,
        dedup_key: None,
        now: app.clock.now(),
    };
    jobs::enqueue(&mut tx, &job).await?;
    tx.commit().await?;
    // Node A claims it and renews its lease once (a heartbeat), then dies.
    let now = app.clock.now();
    let by_a = jobs::claim(db, now, now.plus(LEASE), 10).await?;
    assert_eq!(by_a.iter().map(|j| (j.id, j.attempts)).collect::<Vec<_>>(), [(id, 1)]);
    app.clock.advance(SignedDuration::from_secs(20));
    let now = app.clock.now();
    assert!(jobs::renew(db, org.id, id, 1, now.plus(LEASE), now).await?);
    assert_eq!(jobs::lease_of(db, org.id, id).await?, Some(now.plus(LEASE)));
    // Inside the renewed lease nobody else takes it; once it lapses, node B does.
    app.clock.advance(LEASE - SignedDuration::from_secs(1));
    let now = app.clock.now();
    assert!(jobs::claim(db, now, now.plus(LEASE), 10).await?.is_empty());
    app.clock.advance(SignedDuration::from_secs(1));
    let now = app.clock.now();
    let by_b = jobs::claim(db, now, now.plus(LEASE), 10).await?;
    assert_eq!(by_b.iter().map(|j| (j.id, j.attempts)).collect::<Vec<_>>(), [(id, 2)]);
    // A's late heartbeat and late completion are refused: the job is B's.
    assert!(!jobs::renew(db, org.id, id, 1, now.plus(LEASE), now).await?);
    jobs::complete(db, org.id, id, 1).await?;
    assert_eq!(jobs::get(db, org.id, id).await?.map(|j| (j.status, j.attempts)), Some(("running".to_owned(), 2)));
    assert!(jobs::renew(db, org.id, id, 2, now.plus(LEASE), now).await?);
    jobs::complete(db, org.id, id, 2).await?;
    assert!(jobs::get(db, org.id, id).await?.is_none());
    Ok(())
});

/// An SMTP server that is not there: every send fails and is worth retrying.
fn unreachable_smtp(settings: &mut charla_server::settings::Settings) {
    settings.smtp_url = Some("smtp://127.0.0.1:9".to_owned());
}

both!(failing_jobs_back_off_then_fail_visibly, settings = unreachable_smtp, |app| async move {
    let org = app.org("Acme").await?;
    let db = &app.state.db;
    let mut tx = db.begin().await?;
    let id = new_id();
    let mail = json!({"to": "someone@acme.test", "subject": "x", "body": "x"});
    jobs::enqueue(
        &mut tx,
        &jobs::NewJob {
            org: org.id,
            id,
            kind: "mail.send",
            payload: &mail,
            run_at: app.clock.now(),
            max_attempts: 3,
            dedup_key: None,
            now: app.clock.now(),
        },
    )
    .await?;
    tx.commit().await?;
    let start = app.clock.now();
    assert_eq!(app.run_pending_jobs().await?, 1);
    let after_first = jobs::get(db, org.id, id).await?.unwrap();
    assert_eq!(after_first.status, "pending");
    assert_eq!(after_first.attempts, 1);
    assert_eq!(after_first.run_at.0, start.plus(backoff(1)));
    assert!(after_first.last_error.is_some());
    // Not due before its back-off has passed.
    assert_eq!(app.run_pending_jobs().await?, 0);
    app.clock.advance(backoff(1));
    assert_eq!(app.run_pending_jobs().await?, 1);
    let after_second = jobs::get(db, org.id, id).await?.unwrap();
    assert_eq!(after_second.run_at.0, app.clock.now().plus(backoff(2)));
    app.clock.advance(backoff(2));
    assert_eq!(app.run_pending_jobs().await?, 1);
    let failed = jobs::get(db, org.id, id).await?.unwrap();
    assert_eq!(failed.status, "failed");
    assert_eq!(failed.attempts, 3);
    // Visible through the API to administrators.
    let listed = org.admin.get("/api/v1/jobs?status=failed").await?;
    assert_eq!(listed.status, StatusCode::OK);
    assert_eq!(listed.body["items"][0]["id"], id.to_string());
    assert!(listed.body["items"][0]["last_error"].as_str().unwrap().len() > 3);
    app.clock.advance(SignedDuration::from_hours(2));
    assert_eq!(app.run_pending_jobs().await?, 0, "a failed job is not retried");
    Ok(())
});

both!(a_stopping_node_finishes_the_job_in_hand_and_hands_back_the_rest, |app| async move {
    let org = app.org("Acme").await?;
    let db = &app.state.db;
    let mut tx = db.begin().await?;
    let mut ids = Vec::new();
    for n in 0..3 {
        let mail = json!({"to": format!("cliente{n}@acme.test"), "subject": "Hola", "body": "Hola"});
        let id = new_id();
        ids.push(id);
        jobs::enqueue(
            &mut tx,
            &jobs::NewJob {
                org: org.id,
                id,
                kind: "mail.send",
                payload: &mail,
                run_at: app.clock.now(),
                max_attempts: 3,
                dedup_key: None,
                now: app.clock.now(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    // The node claims all three, runs the first, and is told to stop before the second.
    let checks = std::sync::atomic::AtomicUsize::new(0);
    let running = || checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed) == 0;
    assert_eq!(runner::run_due_while(&app.state, &running).await?, 3);
    assert_eq!(app.smtp.mails().len(), 1, "the job in hand finished");
    // The other two are waiting again, not leased, their attempt not counted: another node
    // takes them now, without waiting for the lease.
    for id in ids.iter().skip(1) {
        let job = jobs::get(db, org.id, *id).await?.ok_or_else(|| anyhow::anyhow!("job gone"))?;
        assert_eq!((job.status.as_str(), job.attempts), ("pending", 0));
    }
    assert_eq!(app.run_pending_jobs().await?, 2);
    assert_eq!(app.smtp.mails().len(), 3, "each mail sent once");
    Ok(())
});
