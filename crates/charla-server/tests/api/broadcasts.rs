//! Broadcasts from a spreadsheet (OUT-2): every bad-row kind with its code, column and
//! message (CSV with Spanish headers, XLSX with Portuguese ones), the good rows stored with
//! their variables, bad files refused whole, and nothing left behind by a failed import.

use charla_db::repo::broadcasts;
use charla_testkit::fixtures::config;
use charla_testkit::graph::GraphStandIn;
use charla_testkit::{TestApp, TestClient};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::desk::{Desk, desk, ok};
use super::whatsapp::{allow_stand_ins, whatsapp_channel};

/// A desk with WhatsApp number A and its synced templates: `promo_enero` (marketing,
/// `{{1}}..{{3}}`, es), `order_confirmation` (utility, named, es_MX), `abandoned_cart`
/// (rejected).
pub async fn broadcast_desk(app: &TestApp, graph: &GraphStandIn) -> anyhow::Result<(Desk, Value)> {
    let desk = desk(app, 0, "round_robin").await?;
    let channel = whatsapp_channel(&desk, graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    app.run_pending_jobs().await?;
    Ok((desk, channel))
}

pub async fn upload(
    client: &TestClient,
    name: &str,
    file: &str,
    bytes: Vec<u8>,
) -> anyhow::Result<charla_testkit::app::Reply> {
    client.post_multipart("/api/v1/broadcasts", &[("name", name)], vec![("file", file, bytes)]).await
}

fn bad_rows(body: &Value) -> Vec<(i64, String, String)> {
    body["invalid_rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_i64().unwrap(),
                r["column"].as_str().unwrap().to_owned(),
                r["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const A: &str = config::DISPLAY_A;

/// One row of each bad kind, between good ones; row 1 is the header.
fn sheet_rows() -> Vec<Vec<String>> {
    let long = "x".repeat(1100);
    let rows: Vec<Vec<&str>> = vec![
        vec![A, "+57 300 123 4567", "promo_enero", "", "María José", "25%", "31 de enero", ""],
        vec![A, "12345", "promo_enero", "", "a", "b", "c", ""],
        vec!["5491100000000", "+573001234568", "promo_enero", "", "a", "b", "c", ""],
        vec![A, "+573001234569", "no_such_template", "", "a", "b", "c", ""],
        vec![A, "+573001234570", "abandoned_cart", "", "", "", "", ""],
        vec![A, "+573001234571", "promo_enero", "", "a", "", "c", ""],
        vec![A, "+573001234572", "promo_enero", "es", "a", &long, "c", ""],
        vec![A, "573001234567", "promo_enero", "", "a", "b", "c", ""],
        vec![A, "+573009990000", "promo_enero", "", "a", "b", "c", ""],
        vec![A, "+5215512345678", "order_confirmation", "es_MX", "", "", "", "SKBUP2-4CPIG9"],
    ];
    rows.into_iter().map(|r| r.into_iter().map(str::to_owned).collect()).collect()
}

/// The rows `sheet_rows` leaves out: (row, column as the header writes it, code).
fn expected_bad(headers: &[&str]) -> Vec<(i64, String, String)> {
    let [sender, recipient, template, _, _, var2, ..] = headers else { unreachable!() };
    [
        (3, *recipient, "invalid_number"),
        (4, *sender, "unknown_sender"),
        (5, *template, "unknown_template"),
        (6, *template, "template_not_approved"),
        (7, *var2, "missing_variables"),
        (8, *var2, "too_long"),
        (9, *recipient, "duplicate_recipient"),
        (10, *recipient, "opted_out"),
    ]
    .into_iter()
    .map(|(row, column, code)| (row, column.to_owned(), code.to_owned()))
    .collect()
}

fn csv_of(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers).unwrap();
    for row in rows {
        // The named template's variable sits in the last column, `first_name`'s neighbour.
        w.write_record(row).unwrap();
    }
    w.into_inner().unwrap()
}

const ES: [&str; 8] = ["Remitente", "Destinatario", "Plantilla", "Idioma", "var1", "var2", "var3", "order_number"];
const PT: [&str; 8] = ["remetente", "destinatário", "modelo", "idioma", "var1", "var2", "var3", "order_number"];

async fn opt_out(app: &TestApp, org: Uuid, phone: &str) -> anyhow::Result<()> {
    let mut tx = app.state.db.begin().await?;
    broadcasts::add_opt_out(&mut tx, org, phone, "BAJA", app.clock.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// What the import stored for each good row: (row, recipient, template, language, parameters).
async fn stored(
    app: &TestApp,
    org: Uuid,
    broadcast: &str,
) -> anyhow::Result<Vec<(i64, String, String, String, Value)>> {
    let id = Uuid::parse_str(broadcast)?;
    let rows = broadcasts::recipients(&app.state.db, org, id, None, None, 1000).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let params: Value = serde_json::from_str(&r.parameters).unwrap();
            (r.row_number, r.recipient, r.template_name, r.language, params)
        })
        .collect())
}

both!(a_csv_with_spanish_headers_says_why_each_bad_row_is_left_out, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, _) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    ok(admin.patch("/api/v1/me", json!({"language": "es"})).await).await?;
    opt_out(&app, desk.org.id, "+573009990000").await?;
    // The named template needs `first_name` too: its column is added after the others.
    let mut headers = ES.to_vec();
    headers.push("first_name");
    let mut rows = sheet_rows();
    for row in &mut rows {
        let first = if row[2] == "order_confirmation" { "Juan" } else { "" };
        row.push(first.to_owned());
    }
    let reply = upload(admin, "Promo enero", "promo.csv", csv_of(&headers, &rows)).await?;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let body = reply.body;
    assert_eq!(body["status"], "draft");
    assert_eq!(body["name"], "Promo enero");
    assert_eq!(body["validation"], json!({"rows": 10, "valid": 2, "invalid": 8}));
    assert_eq!(body["summary"], json!({"senders": 1, "recipients": 2, "templates": 2}));
    assert_eq!(bad_rows(&body), expected_bad(&headers));
    let first = &body["invalid_rows"][0];
    assert_eq!(first["message"], "El destinatario no es un número válido con código de país.");
    let too_long = &body["invalid_rows"][5];
    assert_eq!(too_long["message"], "El cuerpo del mensaje es muy largo. No debe superar los 1024 caracteres.");
    let id = body["id"].as_str().unwrap();
    assert_eq!(
        stored(&app, desk.org.id, id).await?,
        [
            (
                2,
                "+573001234567".into(),
                "promo_enero".into(),
                "es".into(),
                json!([[null, "María José"], [null, "25%"], [null, "31 de enero"]])
            ),
            (
                11,
                "+5215512345678".into(),
                "order_confirmation".into(),
                "es_MX".into(),
                json!([["first_name", "Juan"], ["order_number", "SKBUP2-4CPIG9"]])
            ),
        ]
    );
    // The same broadcast read again, and in the list.
    let again = ok(admin.get(&format!("/api/v1/broadcasts/{id}")).await).await?;
    assert_eq!(bad_rows(&again), expected_bad(&headers));
    let list = ok(admin.get("/api/v1/broadcasts").await).await?;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["validation"]["invalid"], 8);
    Ok(())
});

fn xlsx_of(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // Phone numbers typed into a spreadsheet are numbers; the sender's too.
            match cell.parse::<f64>() {
                Ok(n) if c <= 1 && !cell.starts_with('+') => sheet.write_number(r, c, n).map(|_| ()).unwrap(),
                _ if cell.is_empty() => {}
                _ => sheet.write_string(r, c, cell).map(|_| ()).unwrap(),
            }
        }
    }
    book.save_to_buffer().unwrap()
}

both!(an_xlsx_with_portuguese_headers_gives_the_same_answers, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, _) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    opt_out(&app, desk.org.id, "+573009990000").await?;
    let mut headers = PT.to_vec();
    headers.push("first_name");
    let mut rows = sheet_rows();
    for row in &mut rows {
        let first = if row[2] == "order_confirmation" { "Juan" } else { "" };
        row.push(first.to_owned());
    }
    let reply = upload(admin, "Promo XLSX", "promo.xlsx", xlsx_of(&headers, &rows)).await?;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.body["validation"], json!({"rows": 10, "valid": 2, "invalid": 8}));
    assert_eq!(bad_rows(&reply.body), expected_bad(&headers));
    assert_eq!(reply.body["invalid_rows"][0]["message"], "The recipient is not a valid number with its country code.");
    let id = reply.body["id"].as_str().unwrap();
    let good = stored(&app, desk.org.id, id).await?;
    assert_eq!(good.iter().map(|g| g.1.as_str()).collect::<Vec<_>>(), ["+573001234567", "+5215512345678"]);
    // A formula anywhere refuses the whole workbook.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["sender", "recipient", "template"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    sheet.write_string(1, 0, A)?;
    sheet.write_formula(1, 1, "=1+1")?;
    sheet.write_string(1, 2, "promo_enero")?;
    let reply = upload(admin, "Formula", "f.xlsx", book.save_to_buffer()?).await?;
    assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, "spreadsheet_formula"), "{}", reply.body);
    Ok(())
});

both!(bad_files_are_refused_whole_with_a_clear_code, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, _) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    let good_header = "sender,recipient,template,var1,var2,var3\n";
    let mut commas = vec![b','; 10 * 1024 * 1024];
    commas.push(b'\n');
    let mut late_formula = good_header.as_bytes().to_vec();
    for i in 0..2500 {
        late_formula.extend_from_slice(format!("{A},+57300{i:07},promo_enero,a,b,c\n").as_bytes());
    }
    late_formula.extend_from_slice(format!("{A},=HYPERLINK(\"x\"),promo_enero,a,b,c\n").as_bytes());
    let wide_header: Vec<String> = (0..100).map(|i| format!("col{i}")).collect();
    let wide = format!("sender,recipient,template,{}\n", wide_header.join(",")).into_bytes();
    let latin1 = b"sender,recipient,template,var1\n15550783881,+573001234567,promo_enero,Jos\xe9\n".to_vec();
    let utf16 = b"\xff\xfes\x00e\x00n\x00".to_vec();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "validation_failed"),
        ("blank lines", b"\n\n  \n".to_vec(), "spreadsheet_empty"),
        ("header only", good_header.as_bytes().to_vec(), "spreadsheet_empty"),
        ("binary", b"\x00\x01\x02\x03\xff\xd8\xff\xe0binary\x00".to_vec(), "spreadsheet_unreadable"),
        ("broken zip", b"PK\x03\x04not really a workbook".to_vec(), "spreadsheet_unreadable"),
        // Blank rows are skipped, so commas alone are a sheet without rows.
        ("10 MB of commas", commas, "spreadsheet_empty"),
        ("a hundred columns", wide, "spreadsheet_columns"),
        ("missing template column", b"sender,recipient\n1,2\n".to_vec(), "spreadsheet_columns"),
        ("a formula after two batches", late_formula, "spreadsheet_formula"),
        ("latin-1", latin1, "spreadsheet_encoding"),
        ("utf-16", utf16, "spreadsheet_encoding"),
    ];
    for (what, bytes, code) in cases {
        let reply = upload(admin, what, "list.csv", bytes).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}: {}", reply.body);
        assert_eq!(reply.code(), code, "{what}: {}", reply.body);
    }
    // Nothing of the failed imports is visible, nor left in the tables.
    assert_eq!(ok(admin.get("/api/v1/broadcasts").await).await?["items"], json!([]));
    for table in ["broadcasts", "broadcast_recipients", "broadcast_rejections"] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE organization_id = $1");
        let (left,): (i64,) =
            charla_db::on_db!(&app.state.db, |pool| sqlx::query_as(sqlx::AssertSqlSafe(sql.clone()))
                .bind(desk.org.id)
                .fetch_one(pool)
                .await)?;
        assert_eq!(left, 0, "{table} left behind");
    }
    // The form itself.
    let no_file = admin.post_multipart("/api/v1/broadcasts", &[("name", "x")], vec![]).await?;
    assert_eq!(no_file.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_file.body["errors"][0]["field"], "file");
    let csv = b"sender,recipient,template\n1,2,3\n".to_vec();
    let bad_form = admin
        .post_multipart(
            "/api/v1/broadcasts",
            &[("name", ""), ("start_at", "2026-01-01 10:00"), ("batch_size", "0")],
            vec![("file", "a.csv", csv.clone())],
        )
        .await?;
    assert_eq!(bad_form.status, StatusCode::BAD_REQUEST, "{}", bad_form.body);
    let fields: Vec<&str> =
        bad_form.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "start_at", "batch_size"]);
    let json_body = admin.post("/api/v1/broadcasts", json!({"name": "x"})).await?;
    assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", json_body.body);
    let scheduled = admin
        .post_multipart(
            "/api/v1/broadcasts",
            &[
                ("name", "Later"),
                ("start_at", "2030-01-01T10:00:00-05:00"),
                ("batch_size", "100"),
                ("batch_interval_seconds", "60"),
            ],
            vec![("file", "a.csv", csv)],
        )
        .await?;
    assert_eq!(scheduled.status, StatusCode::CREATED, "{}", scheduled.body);
    assert_eq!(scheduled.body["start_at"], "2030-01-01T15:00:00Z");
    assert_eq!(
        (scheduled.body["batch_size"].as_i64(), scheduled.body["batch_interval_seconds"].as_i64()),
        (Some(100), Some(60))
    );
    Ok(())
});
