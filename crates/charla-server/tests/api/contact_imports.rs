//! Contact imports and export (CRM-5): a sheet's bad rows reported by row and column while
//! the rest are created or, matched by phone or email, updated (CSV with Spanish headers,
//! XLSX with Portuguese ones); the assignee made the owner and logged; bad files refused
//! or failed with the reason; the export read back by an import; scope and isolation.

use charla_db::repo::contact_imports;
use charla_domain::access::BuiltinProfile;
use charla_testkit::{TestApp, TestClient};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::desk::{id, ok};

async fn upload(client: &TestClient, file: &str, bytes: Vec<u8>) -> anyhow::Result<charla_testkit::app::Reply> {
    client.post_multipart("/api/v1/contacts/imports", &[], vec![("file", file, bytes)]).await
}

/// Uploads, runs the job, and answers the finished import.
async fn import(app: &TestApp, client: &TestClient, file: &str, bytes: Vec<u8>) -> anyhow::Result<Value> {
    let reply = upload(client, file, bytes).await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let import = id(&reply.body);
    app.run_pending_jobs().await?;
    ok(client.get(&format!("/api/v1/contacts/imports/{import}")).await).await
}

fn failures(import: &Value) -> Vec<(i64, String, String)> {
    import["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["row"].as_i64().unwrap(), f["column"].as_str().unwrap().into(), f["code"].as_str().unwrap().into()))
        .collect()
}

fn counts(import: &Value) -> (&str, i64, i64, i64, i64) {
    let n = |k: &str| import[k].as_i64().unwrap();
    (import["status"].as_str().unwrap(), n("rows"), n("created"), n("updated"), n("failed_rows"))
}

async fn define_fields(admin: &TestClient) -> anyhow::Result<()> {
    for body in [
        json!({"key": "plan", "label": "Plan", "type": "list", "options": ["Oro", "Plata"]}),
        json!({"key": "score", "label": "Puntaje", "type": "number"}),
    ] {
        ok(admin.post("/api/v1/contact-fields", body).await).await?;
    }
    Ok(())
}

async fn email_of(admin: &TestClient, user: Uuid) -> anyhow::Result<String> {
    Ok(ok(admin.get(&format!("/api/v1/users/{user}")).await).await?["email"].as_str().unwrap().to_owned())
}

async fn find(admin: &TestClient, query: &str) -> anyhow::Result<Vec<Value>> {
    let list = ok(admin.get(&format!("/api/v1/contacts?{query}")).await).await?;
    Ok(list["items"].as_array().unwrap().clone())
}

both!(a_csv_with_bad_rows_reports_them_by_row_and_column_and_takes_the_rest, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    define_fields(admin).await?;
    let (agent, _) = app.member(&org, BuiltinProfile::Agent).await?;
    let agent_email = email_of(admin, agent).await?;
    let sheet = format!(
        "Nombre,Teléfono,Correo,Etiquetas,Asignado,plan,score\n\
         Ana,+57 300 123 4567,ana@x.co,VIP;mora,{agent_email},Oro,10\n\
         Mal número,12345,,,,,\n\
         Beto,,beto@x.co,,,Bronce,mucho\n\
         Nadie,,,,,,\n\
         Ana María,573001234567,,nueva,,,\"20,5\"\n\
         Carla,+573001112233,,,nobody@x.co,,\n\
         Dora,,DORA@x.co,,,plata,\n"
    );
    let reply = upload(admin, "clientes.csv", sheet.into_bytes()).await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let path = format!("/api/v1/contacts/imports/{}", id(&reply.body));
    let queued = ok(admin.get(&path).await).await?;
    assert_eq!((queued["status"].as_str(), queued["file_name"].as_str()), (Some("queued"), Some("clientes.csv")));
    app.run_pending_jobs().await?;
    let done = ok(admin.get(&path).await).await?;
    assert_eq!(counts(&done), ("done", 7, 2, 1, 4), "{done}");
    assert_eq!(
        failures(&done),
        [
            (3, "Teléfono".into(), "invalid_phone".into()),
            (4, "plan".into(), "not_an_option".into()),
            (4, "score".into(), "invalid_number".into()),
            (5, "Teléfono".into(), "identity_required".into()),
            (7, "Asignado".into(), "unknown_assignee".into()),
        ]
    );
    let message = done["failed"][0]["message"].as_str().unwrap();
    assert!(!message.is_empty() && !message.starts_with("contact_imports."), "{message}");

    // Row 6 matched Ana by her phone: updated, her tags added to, not duplicated.
    let anas = find(admin, "q=ana").await?;
    assert_eq!(anas.len(), 1, "{anas:?}");
    let ana = ok(admin.get(&format!("/api/v1/contacts/{}", id(&anas[0]))).await).await?;
    assert_eq!(ana["name"], "Ana María");
    assert_eq!((ana["phone"].as_str(), ana["email"].as_str()), (Some("+573001234567"), Some("ana@x.co")));
    assert_eq!(ana["tags"], json!(["mora", "nueva", "vip"]));
    assert_eq!(ana["fields"], json!({"plan": "Oro", "score": 20.5}));
    assert_eq!(ana["exclusive_agent_id"], agent.to_string());
    let dora = find(admin, "q=dora").await?;
    assert_eq!((dora[0]["email"].as_str(), dora.len()), (Some("dora@x.co"), 1));
    assert!(find(admin, "q=beto").await?.is_empty() && find(admin, "q=carla").await?.is_empty());
    // The owner set by the sheet is logged as a contact import assignment, by the uploader.
    let ana_id: Uuid = id(&ana).parse()?;
    let log = contact_imports::owner_log(&app.state.db, org.id, ana_id).await?;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].source.as_str(), log[0].to_agent_id, log[0].from_agent_id),
        ("contact_import", Some(agent), None)
    );
    assert_eq!(log[0].actor_user_id, Some(org.admin_id));
    // The same sheet again: every good row now updates, nothing new.
    let again =
        import(&app, admin, "clientes.csv", b"email,phone\nana@x.co,\ndora@x.co,+573005550000\n".to_vec()).await?;
    assert_eq!(counts(&again), ("done", 2, 0, 2, 0));
    let dora = find(admin, "q=dora").await?;
    assert_eq!(dora[0]["phone"], "+573005550000");
    // The import is audited under its uploader.
    let audit = ok(admin.get("/api/v1/audit-log?entity_type=contact_import").await).await?;
    assert_eq!(audit["items"].as_array().unwrap().len(), 2);
    Ok(())
});

fn xlsx_of(rows: &[Vec<&str>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            // Numbers typed into a spreadsheet are numbers: phones without "+" and scores.
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => sheet.write_number(r, c, n).map(|_| ()).unwrap(),
                _ if cell.is_empty() => {}
                _ => sheet.write_string(r, c, *cell).map(|_| ()).unwrap(),
            }
        }
    }
    book.save_to_buffer().unwrap()
}

both!(an_xlsx_with_portuguese_headers_imports_alike, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    define_fields(admin).await?;
    let book = xlsx_of(&[
        vec!["Nome", "Telefone", "E-mail", "Etiquetas", "score"],
        vec!["João", "5511987654321", "", "cliente", "7"],
        vec!["Sem contato", "", "", "", ""],
        vec!["Maria", "", "maria@x.com.br", "", "não é número"],
        vec!["Lia", "5511912345678", "lia@x.com.br", "", "3.5"],
    ]);
    let done = import(&app, admin, "contatos.xlsx", book).await?;
    assert_eq!(counts(&done), ("done", 4, 2, 0, 2), "{done}");
    assert_eq!(
        failures(&done),
        [(3, "Telefone".into(), "identity_required".into()), (4, "score".into(), "invalid_number".into())]
    );
    let joao = find(admin, "q=joao").await?;
    assert_eq!(joao[0]["phone"], "+5511987654321");
    let lia = ok(admin.get(&format!("/api/v1/contacts/{}", id(&find(admin, "q=lia").await?[0]))).await).await?;
    assert_eq!(lia["fields"], json!({"score": 3.5}));
    Ok(())
});

both!(bad_files_are_refused_at_once_or_fail_with_the_reason, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    for (bytes, code) in [
        (Vec::new(), "spreadsheet_empty"),
        (vec![0x7f, b'E', b'L', b'F', 0, 0, 1, 2], "spreadsheet_unreadable"),
        (b"\xff\xfen\0a\0m\0e\0".to_vec(), "spreadsheet_encoding"),
    ] {
        let reply = upload(admin, "bad.csv", bytes).await?;
        assert_eq!((reply.status, reply.code()), (StatusCode::BAD_REQUEST, code), "{}", reply.body);
    }
    let reply = admin.post("/api/v1/contacts/imports", json!({"file": "x"})).await?;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", reply.body);
    let reply = admin
        .post_multipart("/api/v1/contacts/imports", &[("other", "x")], vec![("file", "a.csv", b"phone\n".to_vec())])
        .await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    // Found only by reading the file: the import fails whole, with the reason.
    for (bytes, code, detail) in [
        (b"name,phone\nJos\xe9,+573001234567\n".to_vec(), "spreadsheet_encoding", Some("Row 2 is not UTF-8 text.")),
        (
            b"name,phone,shoe size\n".to_vec(),
            "spreadsheet_columns",
            Some("The header's shoe size is neither a contact column nor a field key."),
        ),
        (
            b"name,tags\nAna,vip\n".to_vec(),
            "spreadsheet_columns",
            Some("The header has neither a phone nor an email column."),
        ),
        (b"phone\n\n\n".to_vec(), "spreadsheet_empty", None),
        (
            b"name,phone\n=HYPERLINK(\"x\"),+573001234567\n".to_vec(),
            "spreadsheet_formula",
            Some("Row 2 holds a formula."),
        ),
    ] {
        let failed = import(&app, admin, "bad.csv", bytes).await?;
        assert_eq!(failed["status"], "failed", "{failed}");
        assert_eq!((failed["error"]["code"].as_str(), failed["error"]["detail"].as_str()), (Some(code), detail));
    }
    assert!(find(admin, "").await?.is_empty(), "nothing was created");
    Ok(())
});

both!(the_export_is_the_filter_as_csv_and_an_import_reads_it_back, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    define_fields(admin).await?;
    let (agent, agent_client) = app.member(&org, BuiltinProfile::Agent).await?;
    let agent_email = email_of(admin, agent).await?;
    for body in [
        json!({"name": "Ana", "phone": "+573001234567", "email": "ana@x.co", "tags": ["vip", "mora"], "fields": {"plan": "Oro", "score": 10}, "exclusive_agent_id": agent}),
        json!({"name": "=cmd|'/c calc'!A1", "email": "beto@x.co", "tags": ["vip"]}),
        json!({"name": "Carla", "phone": "+573001112233"}),
    ] {
        ok(admin.post("/api/v1/contacts", body).await).await?;
    }
    let reply = admin.get("/api/v1/contacts/export?tag=vip").await?;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "text/csv; charset=utf-8");
    let csv = reply.body.as_str().unwrap().to_owned();
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[1..].sort_unstable();
    assert_eq!(
        lines,
        [
            "name,phone,email,tags,assignee,plan,score",
            // A name a spreadsheet would run as a formula is made inert.
            "'=cmd|'/c calc'!A1,,beto@x.co,vip,,,",
            &format!("Ana,+573001234567,ana@x.co,mora;vip,{agent_email},Oro,10"),
        ]
    );
    // The export imported again changes nothing and duplicates nobody.
    let again = import(&app, admin, "contacts.csv", csv.clone().into_bytes()).await?;
    assert_eq!(counts(&again), ("done", 2, 0, 2, 0), "{again}");
    assert_eq!(find(admin, "").await?.len(), 3);
    // A bad filter is refused as the list refuses it.
    let reply = admin.get("/api/v1/contacts/export?field=nope&field_value=1").await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    // An agent exports only the contacts it serves (none yet): the header alone.
    let reply = agent_client.get("/api/v1/contacts/export").await?;
    assert_eq!(reply.body.as_str().unwrap().lines().count(), 1, "{}", reply.body);
    Ok(())
});

both!(imports_stay_in_their_organization_and_need_the_whole_contact_base, |app| async move {
    let a = app.org("Alpha").await?;
    let b = app.org("Beta").await?;
    ok(a.admin.post("/api/v1/contacts", json!({"name": "Ana", "phone": "+573001234567"})).await).await?;
    let reply = upload(&a.admin, "a.csv", b"name,phone\nAnita,+573001234567\n".to_vec()).await?;
    let import = id(&reply.body);
    // B's sheet with A's contact's number creates B's own contact; A's is untouched.
    let theirs = import_as(&app, &b.admin, b"name,phone\nIntruso,+573001234567\n".to_vec()).await?;
    assert_eq!(counts(&theirs), ("done", 1, 1, 0, 0));
    let reply = b.admin.get(&format!("/api/v1/contacts/imports/{import}")).await?;
    assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"));
    let csv = b.admin.get("/api/v1/contacts/export").await?.body;
    assert!(!csv.as_str().unwrap().contains("Ana"), "{csv}");
    app.run_pending_jobs().await?;
    let mine = ok(a.admin.get(&format!("/api/v1/contacts/imports/{import}")).await).await?;
    assert_eq!(counts(&mine), ("done", 1, 0, 1, 0));
    assert_eq!(find(&a.admin, "q=anita").await?.len(), 1);
    assert!(find(&a.admin, "q=intruso").await?.is_empty());
    // A supervisor (limited to its campaigns) may not import over the whole base; an agent
    // may not import at all.
    let (_, supervisor) = app.member(&a, BuiltinProfile::Supervisor).await?;
    let reply = upload(&supervisor, "s.csv", b"phone\n+573001234567\n".to_vec()).await?;
    assert_eq!((reply.status, reply.code()), (StatusCode::FORBIDDEN, "forbidden"), "{}", reply.body);
    let reply = supervisor.get(&format!("/api/v1/contacts/imports/{import}")).await?;
    assert_eq!((reply.status, reply.code()), (StatusCode::NOT_FOUND, "not_found"), "{}", reply.body);
    let (_, agent) = app.member(&a, BuiltinProfile::Agent).await?;
    let reply = upload(&agent, "s.csv", b"phone\n+573001234567\n".to_vec()).await?;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    Ok(())
});

async fn import_as(app: &TestApp, client: &TestClient, bytes: Vec<u8>) -> anyhow::Result<Value> {
    import(app, client, "b.csv", bytes).await
}
