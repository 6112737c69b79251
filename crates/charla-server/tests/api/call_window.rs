//! A WhatsApp send caught in the call window (design.md §4): its node died after marking it
//! `sending`, inside the network call. Every send carries our message id as
//! `biz_opaque_callback_data`, which Meta echoes in the message's statuses; a status that
//! names the message so records its wamid, and the send job, waiting out the grace
//! before sending again, finds it sent. Without a status it is sent again once, flagged.

use std::future::Future;
use std::time::{Duration, Instant};

use charla_db::repo::{jobs, messages};
use charla_server::jobs::runner::{self, LEASE};
use charla_testkit::TestApp;
use charla_testkit::fixtures::{self, config, wamid};
use charla_testkit::graph::{GraphStandIn, StatusEcho};
use jiff::SignedDuration;
use serde_json::{Value, json};
use uuid::Uuid;

use super::desk::{Desk, desk, id, ok, set_status};
use super::whatsapp::{allow_stand_ins, fresh_text, post_signed, sent_for, whatsapp_channel};

/// A WhatsApp desk (channel A at the stand-in) whose agent holds María José's
/// conversation, its window open, and nothing left to run.
pub async fn whatsapp_desk(app: &TestApp, graph: &GraphStandIn) -> anyhow::Result<(Desk, Value, String)> {
    let desk = desk(app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    let channel = whatsapp_channel(&desk, graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    fresh_text(app, &channel, "wamid.fresh.window", "Hola, ¿me ayudas?").await?;
    app.run_pending_jobs().await?;
    let conversation = ok(desk.agent(0).client.get("/api/v1/conversations").await).await?["items"][0].clone();
    Ok((desk, channel, id(&conversation)))
}

/// The agent's reply, queued: its message id.
pub async fn reply(desk: &Desk, conversation: &str, text: &str) -> anyhow::Result<Uuid> {
    let path = format!("/api/v1/conversations/{conversation}/messages");
    let sent = ok(desk.agent(0).client.post(&path, json!({ "text": text })).await).await?;
    Ok(Uuid::parse_str(sent["id"].as_str().unwrap())?)
}

/// The node died after marking the message `sending` (committed), before the network answered.
pub async fn died_in_the_call(app: &TestApp, desk: &Desk, message: Uuid) -> anyhow::Result<()> {
    let mut tx = app.state.db.begin().await?;
    let change = messages::StatusChange {
        status: "sending",
        network_id: None,
        error_code: None,
        error_title: None,
        resent: false,
        sent_at: None,
        delivered_at: None,
        read_at: None,
        now: app.clock.now(),
    };
    messages::set_status(&mut tx, desk.org.id, message, &change).await?;
    tx.commit().await?;
    Ok(())
}

/// A status as Meta posts it for a send of ours: its wamid and the callback data the
/// send carried, for a number of the fixtures' configuration.
async fn status_naming(
    app: &TestApp,
    channel: &Value,
    (number, waba, display): (&str, &str, &str),
    wamid: &str,
    status: &str,
    callback: Uuid,
) -> anyhow::Result<()> {
    let payload = json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": waba, "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": display, "phone_number_id": number },
            "statuses": [{
                "id": wamid, "status": status, "recipient_id": "573001234567",
                "timestamp": (app.clock.now().as_micros() / 1_000_000).to_string(),
                "pricing": { "billable": false, "pricing_model": "PMP", "type": "free_customer_service", "category": "service" },
                "biz_opaque_callback_data": callback.to_string(),
            }]
        }}]}]
    })
    .to_string();
    post_signed(app, channel, payload).await
}

const CHANNEL_A: (&str, &str, &str) = (config::NUMBER_A, config::WABA_A, config::DISPLAY_A);

async fn message(app: &TestApp, desk: &Desk, id: Uuid) -> anyhow::Result<messages::MessageRow> {
    Ok(messages::get(&app.state.db, desk.org.id, id).await?.expect("the message"))
}

/// The send job of a message, while it waits or runs.
async fn send_job(app: &TestApp, desk: &Desk, message: Uuid) -> anyhow::Result<Option<jobs::JobRow>> {
    let all = jobs::list(&app.state.db, desk.org.id, None, None, 200).await?;
    Ok(all.into_iter().find(|j| j.kind == "message.send" && j.payload.0["message_id"] == json!(message)))
}

fn sends(graph: &GraphStandIn) -> usize {
    graph.requests().iter().filter(|r| r.is_send()).count()
}

fn grace(app: &TestApp) -> SignedDuration {
    SignedDuration::from_secs(i64::from(app.state.settings.resend_grace_seconds))
}

/// Waits (at most 10 s) for something another task does: a request reaching the stand-in,
/// a webhook it posts being applied. Not a measure of time: the clock is the test's.
pub async fn eventually<F, Fut>(what: &str, mut done: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<bool>>,
{
    let started = Instant::now();
    while !done().await? {
        anyhow::ensure!(started.elapsed() < Duration::from_secs(10), "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}

both!(
    a_send_caught_in_the_call_whose_status_arrives_in_the_grace_is_not_sent_again,
    settings = allow_stand_ins,
    |app| async move {
        let graph = GraphStandIn::start().await?;
        let (desk, channel, conversation) = whatsapp_desk(&app, &graph).await?;
        let other_number = whatsapp_channel(&desk, &graph, config::NUMBER_B, config::WABA_B, config::DISPLAY_B).await?;
        app.run_pending_jobs().await?;
        let id = reply(&desk, &conversation, "Te confirmo el envío mañana").await?;
        died_in_the_call(&app, &desk, id).await?;
        let began = app.clock.now();

        // Its job comes back and finds it `sending`: it waits for the status, without sending
        // and without spending an attempt.
        app.run_pending_jobs().await?;
        assert_eq!(sends(&graph), 0);
        let job = send_job(&app, &desk, id).await?.expect("the send job waits");
        assert_eq!((job.status.as_str(), job.run_at.0, job.attempts), ("pending", began.plus(grace(&app)), 0));
        assert_eq!(message(&app, &desk, id).await?.status.as_deref(), Some("sending"));

        // Meta's `sent` status names it by our callback data only (we never heard its wamid).
        // Posted for another number of the organization, it is not that number's message.
        let caught = "wamid.HBgMNTczMDAxMjM0NTY3FQIAERgUM0EwMDAwMDAwMDAwMDAwMDAyMDEA";
        let number_b = (config::NUMBER_B, config::WABA_B, config::DISPLAY_B);
        status_naming(&app, &other_number, number_b, caught, "sent", id).await?;
        assert_eq!(message(&app, &desk, id).await?.network_id, None, "another channel's status");
        status_naming(&app, &channel, CHANNEL_A, "wamid.unknown", "sent", Uuid::now_v7()).await?;
        app.clock.advance(SignedDuration::from_secs(5));
        status_naming(&app, &channel, CHANNEL_A, caught, "sent", id).await?;
        let learned = message(&app, &desk, id).await?;
        assert_eq!((learned.status.as_deref(), learned.network_id.as_deref()), (Some("sent"), Some(caught)));
        assert!(!learned.resent);

        // The grace over, the job finds it sent: nothing goes again, nothing is flagged.
        app.clock.advance(grace(&app));
        app.run_pending_jobs().await?;
        assert_eq!(sends(&graph), 0, "not sent again");
        assert!(send_job(&app, &desk, id).await?.is_none(), "the job is done");
        let done = message(&app, &desk, id).await?;
        assert_eq!(
            (done.status.as_deref(), done.network_id.as_deref(), done.resent),
            (Some("sent"), Some(caught), false)
        );
        // Later statuses find it by its wamid, as for any send; a late `sent` does not undo them.
        status_naming(&app, &channel, CHANNEL_A, caught, "read", id).await?;
        status_naming(&app, &channel, CHANNEL_A, caught, "sent", id).await?;
        assert_eq!(message(&app, &desk, id).await?.status.as_deref(), Some("read"));
        // The agent's view shows it sent once, unflagged.
        let thread =
            ok(desk.agent(0).client.get(&format!("/api/v1/conversations/{conversation}/messages")).await).await?;
        let shown =
            thread["items"].as_array().unwrap().iter().find(|m| m["id"] == json!(id.to_string())).unwrap().clone();
        assert_eq!((shown["status"].as_str(), shown["resent"].as_bool()), (Some("read"), Some(false)));
        Ok(())
    }
);

both!(
    a_send_caught_in_the_call_with_no_status_is_sent_again_after_the_grace_and_flagged,
    settings = allow_stand_ins,
    |app| async move {
        let graph = GraphStandIn::start().await?;
        let (desk, channel, conversation) = whatsapp_desk(&app, &graph).await?;
        let body = fixtures::json("whatsapp/outbound/send_text_request.json");
        let text = body["text"]["body"].as_str().unwrap().to_owned();
        let id = reply(&desk, &conversation, &text).await?;
        died_in_the_call(&app, &desk, id).await?;

        app.run_pending_jobs().await?;
        app.clock.advance(grace(&app) - SignedDuration::from_secs(1));
        app.run_pending_jobs().await?;
        assert_eq!(sends(&graph), 0, "still inside the grace");
        assert_eq!(message(&app, &desk, id).await?.status.as_deref(), Some("sending"));

        // No status came: sent again, once, with the same callback data, and flagged.
        app.clock.advance(SignedDuration::from_secs(1));
        app.run_pending_jobs().await?;
        let sent: Vec<_> = graph.requests().into_iter().filter(|r| r.is_send()).collect();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].body, sent_for(body, id));
        let again = message(&app, &desk, id).await?;
        let resend_wamid = wamid("out_text_reply");
        assert_eq!(
            (again.status.as_deref(), again.network_id.as_deref(), again.resent),
            (Some("sent"), Some(resend_wamid.as_str()), true)
        );
        assert!(send_job(&app, &desk, id).await?.is_none());

        // The first attempt's own status turning up late names it too, with another wamid:
        // the message keeps the wamid of the send it knows, and its status.
        status_naming(&app, &channel, CHANNEL_A, "wamid.first.attempt", "delivered", id).await?;
        let after = message(&app, &desk, id).await?;
        assert_eq!((after.status.as_deref(), after.network_id.as_deref()), (Some("sent"), Some(resend_wamid.as_str())));
        app.run_pending_jobs().await?;
        assert_eq!(sends(&graph), 1);
        Ok(())
    }
);

both!(
    a_node_killed_inside_the_call_learns_the_wamid_from_the_echoed_status,
    settings = allow_stand_ins,
    |app| async move {
        let graph = GraphStandIn::start().await?;
        let (desk, channel, conversation) = whatsapp_desk(&app, &graph).await?;
        graph.echo_statuses_to(StatusEcho {
            webhook_url: channel["webhook_url"].as_str().unwrap().replace("http://charla.test", &app.base),
            app_secret: config::APP_SECRET.to_owned(),
            waba_id: config::WABA_A.to_owned(),
            display_phone_number: config::DISPLAY_A.to_owned(),
        });
        graph.hold_sends();
        graph.hold_statuses();
        let id = reply(&desk, &conversation, "Ya va en camino").await?;
        let began = app.clock.now();

        // A node claims the send and is killed while the network holds the call. The network
        // accepted it: its `sent` status, naming our id, will come.
        let state = app.state.clone();
        let node = tokio::spawn(async move { runner::run_pending(&state).await });
        let stand_in = &graph;
        eventually("the send reaches the network", || async move { Ok(sends(stand_in) == 1) }).await?;
        node.abort();
        let _ = node.await;
        graph.release_sends();
        assert_eq!(message(&app, &desk, id).await?.status.as_deref(), Some("sending"));
        let echoed = graph.requests().into_iter().find(|r| r.is_send()).unwrap();
        assert_eq!(echoed.body["biz_opaque_callback_data"], json!(id.to_string()));

        // Its claim holds for the lease; past it the job runs again, and waits for the status.
        assert_eq!(app.run_pending_jobs().await?, 0, "still leased to the dead node");
        app.clock.advance(LEASE + SignedDuration::from_secs(1));
        assert_eq!(app.run_pending_jobs().await?, 1);
        assert_eq!(sends(&graph), 1);
        let job = send_job(&app, &desk, id).await?.expect("waiting");
        assert_eq!((job.status.as_str(), job.run_at.0), ("pending", began.plus(grace(&app))));

        // The status arrives: the message has its wamid before the grace ends.
        graph.release_statuses();
        let (test, org, stand_in) = (&app, &desk, &graph);
        eventually("the echoed status is answered 200", || async move { Ok(stand_in.echo_counts().delivered == 1) })
            .await?;
        // Acknowledged is stored; the intake drain applies it.
        test.drain_intake().await?;
        assert!(message(test, org, id).await?.network_id.is_some(), "the wamid came with the status");
        app.clock.advance(grace(&app));
        app.run_pending_jobs().await?;
        assert_eq!(sends(&graph), 1, "sent once");
        let done = message(&app, &desk, id).await?;
        let answered = wamid("out_text_reply");
        assert_eq!(
            (done.status.as_deref(), done.network_id.as_deref(), done.resent),
            (Some("sent"), Some(answered.as_str()), false)
        );
        assert!(send_job(&app, &desk, id).await?.is_none());
        Ok(())
    }
);

both!(a_running_jobs_lease_is_renewed_while_its_node_lives, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, _channel, conversation) = whatsapp_desk(&app, &graph).await?;
    graph.hold_sends();
    let id = reply(&desk, &conversation, "Un momento, reviso tu pedido").await?;
    let job = send_job(&app, &desk, id).await?.expect("queued").id;

    // A slow call: the job runs on, longer than one lease.
    let state = app.state.clone();
    let node = tokio::spawn(async move { runner::run_pending(&state).await });
    let stand_in = &graph;
    eventually("the send reaches the network", || async move { Ok(sends(stand_in) == 1) }).await?;
    let claimed = app.clock.now();
    assert_eq!(jobs::lease_of(&app.state.db, desk.org.id, job).await?, Some(claimed.plus(LEASE)));
    app.clock.advance(SignedDuration::from_secs(20));
    assert_eq!(runner::renew_leases(&app.state).await?, 1, "the node's heartbeat");
    assert_eq!(jobs::lease_of(&app.state.db, desk.org.id, job).await?, Some(app.clock.now().plus(LEASE)));

    // Past its first lease, inside the renewed one: no other node may take it.
    app.clock.advance(SignedDuration::from_secs(20));
    let now = app.clock.now();
    let others = jobs::claim(&app.state.db, now, now.plus(LEASE), 100).await?;
    assert!(others.iter().all(|j| j.id != job), "still the live node's");

    graph.release_sends();
    node.await??;
    assert_eq!(sends(&graph), 1);
    let sent = message(&app, &desk, id).await?;
    assert_eq!((sent.status.as_deref(), sent.resent), (Some("sent"), false));
    assert_eq!(jobs::lease_of(&app.state.db, desk.org.id, job).await?, None, "done");
    assert_eq!(runner::renew_leases(&app.state).await?, 0, "nothing held");
    Ok(())
});
