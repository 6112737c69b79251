//! WhatsApp's 2026 webhooks, each fixture posted verbatim twice. `user_preferences`: a
//! contact who stops marketing messages in the app is on the broadcasts' opt-out list
//! (`opt_outs`) at once, so marketing broadcasts skip them; resuming takes them off; another
//! organization's list is never touched. `edit`: the message shows its new text, marked
//! edited, with the original kept.

use charla_db::repo::broadcasts;
use charla_testkit::fixtures::config;
use charla_testkit::graph::GraphStandIn;

use super::desk::desk;
use super::whatsapp::{accepted, allow_stand_ins, thread, whatsapp_channel};

const PHONE: &str = "+573001234567";

both!(stop_and_resume_feed_the_broadcasts_opt_out, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let acme = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&acme, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let globex = app.org("Globex").await?;
    let opted_out = |org| {
        let db = app.state.db.clone();
        async move { broadcasts::opted_out(&db, org, &[PHONE.to_owned()]).await }
    };
    assert!(opted_out(acme.org.id).await?.is_empty());

    for _ in 0..2 {
        accepted(&app, &channel, "user_preferences_stop.json").await?;
    }
    assert_eq!(opted_out(acme.org.id).await?, [PHONE], "a stop opts the contact out of marketing");
    assert!(opted_out(globex.id).await?.is_empty(), "never another organization's list");

    for _ in 0..2 {
        accepted(&app, &channel, "user_preferences_resume.json").await?;
    }
    assert!(opted_out(acme.org.id).await?.is_empty(), "a resume takes them off");
    Ok(())
});

both!(an_edit_replaces_the_text_and_keeps_the_original, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let acme = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&acme, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    accepted(&app, &channel, "text_message.json").await?;
    for _ in 0..2 {
        accepted(&app, &channel, "edit_text.json").await?;
    }
    let inbound: Vec<_> = thread(acme.admin()).await?.into_iter().filter(|m| m["direction"] == "inbound").collect();
    assert_eq!(inbound.len(), 1, "an edit is no new message: {inbound:?}");
    let edited = &inbound[0];
    assert_eq!(edited["text"], "Hola, ¿tienen envíos a Medellín? Necesito cambiar mi pedido #4522.");
    assert_eq!(edited["payload"]["edited"], true);
    assert_eq!(
        edited["payload"]["original_text"],
        "Hola, ¿tienen envíos a Medellín? Necesito cambiar mi pedido #4521."
    );
    Ok(())
});
