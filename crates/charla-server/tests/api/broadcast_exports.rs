//! A broadcast's files: the rows its sheet left out (row, column, code, reason) and its
//! messages with status, stages and times, of one status when asked, both as CSV in the
//! caller's language.

use charla_db::repo::broadcasts;
use charla_testkit::fixtures::{config, wamid};
use charla_testkit::graph::GraphStandIn;
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use super::broadcast_sending::{act, promo, run_for, sheet};
use super::broadcast_tracking::status;
use super::broadcasts::{broadcast_desk, upload};
use super::desk::ok;
use super::whatsapp::{allow_stand_ins, fresh_text, post_signed};

const A: &str = config::DISPLAY_A;

/// Parses a CSV answer into its records.
fn records(body: &serde_json::Value) -> Vec<Vec<String>> {
    let text = body.as_str().unwrap_or_default();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

both!(invalid_rows_and_messages_download_as_csv, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, channel) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    ok(admin.patch("/api/v1/me", json!({"language": "es"})).await).await?;
    let rows = format!(
        "remitente,destinatario,plantilla,idioma,var1,var2,var3\n{}\n{}\n{A},12,promo_enero,,a,b,c\n{A},+573001234598,no_existe,,a,b,c\n",
        promo("+573001234567").trim_end_matches(",,"),
        promo("+573001234599").trim_end_matches(",,"),
    );
    let created = ok(upload(admin, "Enero", "e.csv", rows.into_bytes()).await).await?;
    let id = created["id"].as_str().unwrap().to_owned();

    // The rows left out: the same rows, columns, codes and reasons the validation screen shows.
    let file = admin.get(&format!("/api/v1/broadcasts/{id}/invalid-rows.csv")).await?;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.headers["content-type"].to_str()?.starts_with("text/csv"));
    assert!(file.headers["content-disposition"].to_str()?.contains("invalid-rows.csv"));
    let lines = records(&file.body);
    assert_eq!(lines[0], ["Fila", "Columna", "Código", "Motivo"]);
    let expected: Vec<Vec<String>> = created["invalid_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            vec![
                r["row"].to_string(),
                r["column"].as_str().unwrap().to_owned(),
                r["code"].as_str().unwrap().to_owned(),
                r["message"].as_str().unwrap().to_owned(),
            ]
        })
        .collect();
    assert_eq!(expected.len(), 2, "{created}");
    assert_eq!(lines[1..], expected[..]);
    assert_eq!(lines[1][..3], ["4", "destinatario", "invalid_number"]);

    // The messages, after one is read and the other refused.
    ok(act(admin, &id, "start").await).await?;
    run_for(&app, 3).await?;
    let stored = broadcasts::recipients(&app.state.db, desk.org.id, Uuid::parse_str(&id)?, None, None, 10).await?;
    let t0 = app.clock.now().as_micros() / 1_000_000;
    let (one, two) = (format!("broadcast:{id}:recipient:2"), format!("broadcast:{id}:recipient:3"));
    let (first, second) = (stored[0].network_id.clone().unwrap(), stored[1].network_id.clone().unwrap());
    post_signed(&app, &channel, status(&first, "read", t0 + 30, &one, None)).await?;
    post_signed(&app, &channel, status(&second, "failed", t0 + 15, &two, Some((131026, "Message undeliverable"))))
        .await?;
    let all = records(&admin.get(&format!("/api/v1/broadcasts/{id}/messages.csv")).await?.body);
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[0][..5], ["Fila", "Destinatario", "Plantilla", "Idioma", "Estado"]);
    assert_eq!(all[1][..5], ["2", "+573001234567", "promo_enero", "es", "Leído"]);
    assert_eq!(all[1][6..10], ["Éxito", "Éxito", "Éxito", "Éxito"]);
    let read_at = charla_domain::time::Ts::from_micros((t0 + 30) * 1_000_000).to_rfc3339();
    assert_eq!(all[1][13], read_at);
    assert_eq!(all[2][4], "Falló el envío");
    assert_eq!(all[2][15], "131026 Message undeliverable");
    // The tracking table's filter applies to the file.
    let failed = records(&admin.get(&format!("/api/v1/broadcasts/{id}/messages.csv?status=send_failed")).await?.body);
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[1][0], "3");
    let none = records(&admin.get(&format!("/api/v1/broadcasts/{id}/messages.csv?status=in_outbox")).await?.body);
    assert_eq!(none.len(), 1, "the header alone");
    let bad = admin.get(&format!("/api/v1/broadcasts/{id}/messages.csv?status=lost")).await?;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "invalid_query"));
    // Another organization gets a 404 for both files.
    let other = app.org("Other").await?;
    for file in ["invalid-rows.csv", "messages.csv"] {
        let theirs = other.admin.get(&format!("/api/v1/broadcasts/{id}/{file}")).await?;
        assert_eq!((theirs.status, theirs.code()), (StatusCode::NOT_FOUND, "not_found"), "{file}");
    }
    Ok(())
});

both!(
    a_broadcasts_own_opt_out_word_stops_marketing_from_those_it_reached,
    settings = allow_stand_ins,
    |app| async move {
        let graph = GraphStandIn::start().await?;
        let (desk, channel) = broadcast_desk(&app, &graph).await?;
        let admin = desk.admin();
        let sheet = sheet(&[promo("+573001234567")]);
        let bad = admin
            .post_multipart(
                "/api/v1/broadcasts",
                &[("name", "x"), ("opt_out_word", "no más")],
                vec![("file", "a.csv", sheet.clone())],
            )
            .await?;
        assert_eq!(
            (bad.status, bad.body["errors"][0]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("opt_out_word"))
        );
        let created = ok(admin
            .post_multipart(
                "/api/v1/broadcasts",
                &[("name", "Own word"), ("opt_out_word", " nomas ")],
                vec![("file", "a.csv", sheet.clone())],
            )
            .await)
        .await?;
        assert_eq!(created["opt_out_word"], "NOMAS");
        // Before it reached them, the word is just a message.
        fresh_text(&app, &channel, &wamid("in_text"), "nomas").await?;
        let again = ok(upload(admin, "Again", "a.csv", sheet.clone()).await).await?;
        assert_eq!(again["invalid_rows"], json!([]), "{again}");
        let id = created["id"].as_str().unwrap();
        ok(act(admin, id, "start").await).await?;
        run_for(&app, 3).await?;
        fresh_text(&app, &channel, &wamid("in_image"), " Nomas ").await?;
        let after = ok(upload(admin, "After", "a.csv", sheet).await).await?;
        assert_eq!(after["invalid_rows"][0]["code"], "opted_out", "{after}");
        Ok(())
    }
);
