//! Finding 7: a realtime socket kept the permissions it connected with. A supervisor
//! demoted to Agent kept receiving `message.created` with unmasked numbers while REST
//! already refused. Now every change of a user's access (profile, status, supervision) and
//! every edit of a profile's permissions re-authorises their open sockets at once.

use std::time::Duration;

use charla_domain::access::BuiltinProfile;
use reqwest::StatusCode;
use serde_json::json;

use super::sockets::events_until;
use crate::desk::{connect, desk, drain, id, next_event, ok, set_status, wait_for};

const PHONE: &str = "+573003334444";
const MASKED: &str = "+57••••••••44";

both!(a_demoted_supervisors_open_socket_stops_at_once, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let (sup_id, sup) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    let mut socket = connect(&app, &sup).await?;

    // As a supervisor: the campaign's messages arrive, with the contact's number.
    let first = desk.customer_writes(PHONE, "Hola").await?;
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();
    let created = wait_for(&mut socket, |e| e["kind"] == "message.created").await?;
    assert_eq!(created["payload"]["conversation"]["contact"]["phone"], PHONE, "{created}");
    drain(&mut socket).await?;

    // Demoted to Agent, on the open socket.
    let profiles = ok(admin.get("/api/v1/profiles").await).await?;
    let agent_profile = profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").map(id).unwrap();
    ok(admin.patch(&format!("/api/v1/users/{sup_id}"), json!({"profile_id": agent_profile})).await).await?;
    assert_eq!(sup.get(&format!("/api/v1/conversations/{conversation}")).await?.status, StatusCode::NOT_FOUND);

    // The next message in a conversation not theirs is not delivered; an event addressed
    // to the user (their own status) marks the point by which it would have come.
    desk.customer_writes(PHONE, "¿Hay alguien?").await?;
    set_status(&sup, "online").await?;
    let seen = events_until(&mut socket, |e| e["kind"] == "user.status_changed").await?;
    for event in &seen {
        assert_ne!(event["kind"], "message.created", "delivered after the demotion: {event}");
        assert_ne!(event["payload"]["conversation"]["contact"]["phone"], PHONE, "number after the demotion: {event}");
    }
    assert!(seen.iter().any(|e| e["kind"] == "reload"), "the web app is told to refresh: {seen:?}");

    // What is now theirs as an agent arrives, with the number masked (the campaign hides it).
    ok(admin.post(&format!("/api/v1/conversations/{conversation}/assign"), json!({"agent_id": sup_id})).await).await?;
    let updated = wait_for(&mut socket, |e| e["kind"] == "conversation.updated").await?;
    assert_eq!(updated["payload"]["conversation"]["contact"]["phone"], MASKED, "{updated}");
    Ok(())
});

both!(editing_a_profiles_permissions_reauthorises_its_users_sockets, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let profile = ok(admin
        .post(
            "/api/v1/profiles",
            json!({"name": "Overseers", "permissions": ["inbox.own", "inbox.all", "contacts.view"]}),
        )
        .await)
    .await?;
    let (user_id, user) = app.member(&desk.org, BuiltinProfile::Agent).await?;
    ok(admin.patch(&format!("/api/v1/users/{user_id}"), json!({"profile_id": id(&profile)})).await).await?;
    let mut socket = connect(&app, &user).await?;
    desk.customer_writes(PHONE, "Hola").await?;
    wait_for(&mut socket, |e| e["kind"] == "message.created").await?;
    drain(&mut socket).await?;

    ok(admin
        .patch(&format!("/api/v1/profiles/{}", id(&profile)), json!({"permissions": ["inbox.own", "contacts.view"]}))
        .await)
    .await?;
    desk.customer_writes(PHONE, "¿Hola?").await?;
    set_status(&user, "online").await?;
    let seen = events_until(&mut socket, |e| e["kind"] == "user.status_changed").await?;
    assert!(!seen.iter().any(|e| e["kind"] == "message.created"), "delivered after the edit: {seen:?}");
    Ok(())
});

both!(a_deactivated_users_socket_closes_at_once, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let (sup_id, sup) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    let mut socket = connect(&app, &sup).await?;
    ok(admin.delete(&format!("/api/v1/users/{sup_id}")).await).await?;
    desk.customer_writes(PHONE, "Hola").await?;
    // Well before the 30 s recheck: the socket ends without delivering the message.
    let mut events = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(event) = next_event(&mut socket, Duration::from_secs(5)).await.ok().flatten() {
            events.push(event);
        }
    })
    .await;
    assert!(closed.is_ok(), "the socket stays open: {events:?}");
    assert!(!events.iter().any(|e| e["kind"] == "message.created"), "{events:?}");
    Ok(())
});
