//! WhatsApp's `user_preferences` (2026): a contact who stops marketing messages in the app
//! is on the broadcasts' opt-out list (`opt_outs`) at once, so marketing broadcasts skip
//! them; resuming takes them off. Each fixture posted verbatim twice; another
//! organization's list is never touched.

use charla_db::repo::broadcasts;
use charla_testkit::fixtures::config;
use charla_testkit::graph::GraphStandIn;

use super::desk::desk;
use super::whatsapp::{accepted, allow_stand_ins, whatsapp_channel};

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
