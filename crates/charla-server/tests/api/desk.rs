//! A contact-center desk for the inbox tests: a campaign with its default queue, agents
//! in it, dispositions, a required field and a simulator channel; plus the customer's side
//! and the agents' sockets.

use std::time::Duration;

use charla_domain::access::BuiltinProfile;
use charla_testkit::app::{Reply, TestOrg};
use charla_testkit::{TestApp, TestClient};
use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use uuid::Uuid;

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Agent {
    pub id: Uuid,
    pub client: TestClient,
}

pub struct Desk {
    pub org: TestOrg,
    pub project: String,
    pub campaign: String,
    pub queue: String,
    pub channel: String,
    pub agents: Vec<Agent>,
    /// Two dispositions selected in the campaign.
    pub dispositions: Vec<String>,
    /// The campaign's required list field ("Motivo": Pedido / Reclamo).
    pub field: String,
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_else(|| panic!("no id in {v}")).to_owned()
}

pub async fn ok(reply: anyhow::Result<Reply>) -> anyhow::Result<Value> {
    let reply = reply?;
    anyhow::ensure!(reply.status.is_success(), "{} {}", reply.status, reply.body);
    Ok(reply.body)
}

/// A desk with `agents` agents (capacity 5, offline) in the default queue.
pub async fn desk(app: &TestApp, agents: usize, method: &str) -> anyhow::Result<Desk> {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    let client = ok(admin.post("/api/v1/clients", json!({"name": "Retail"})).await).await?;
    let project =
        ok(admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "Service"})).await).await?;
    let campaign =
        ok(admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "Support"})).await).await?;
    let queue = campaign["default_queue_id"].as_str().expect("a default queue").to_owned();
    let mut people = Vec::new();
    for _ in 0..agents {
        let (agent, client) = app.member(&org, BuiltinProfile::Agent).await?;
        people.push(Agent { id: agent, client });
    }
    let member_ids: Vec<String> = people.iter().map(|a| a.id.to_string()).collect();
    ok(admin.patch(&format!("/api/v1/queues/{queue}"), json!({"member_ids": member_ids})).await).await?;
    let mut dispositions = Vec::new();
    for name in ["Solved", "Not solved", "Transferred", "Idle"] {
        let d = ok(admin.post("/api/v1/dispositions", json!({"project_id": id(&project), "name": name})).await).await?;
        dispositions.push(id(&d));
    }
    ok(admin
        .patch(
            &format!("/api/v1/campaigns/{}", id(&campaign)),
            json!({
                "assignment_method": method,
                "disposition_ids": [dispositions[0], dispositions[1]],
                "transfer_disposition_id": dispositions[2],
                "mass_transfer_disposition_id": dispositions[2],
                "inactivity_disposition_id": dispositions[3],
            }),
        )
        .await)
    .await?;
    let fields = ok(admin
        .put(
            &format!("/api/v1/campaigns/{}/fields", id(&campaign)),
            json!({"fields": [{"name": "Motivo", "kind": "list", "required": true, "options": ["Pedido", "Reclamo"]}]}),
        )
        .await)
    .await?;
    let field = id(&fields["items"][0]);
    let channel = ok(admin
        .post("/api/v1/channels", json!({"kind": "simulator", "name": "Simulator", "campaign_id": id(&campaign)}))
        .await)
    .await?;
    dispositions.truncate(4);
    Ok(Desk {
        org,
        project: id(&project),
        campaign: id(&campaign),
        queue,
        channel: id(&channel),
        agents: people,
        dispositions,
        field,
    })
}

impl Desk {
    pub fn admin(&self) -> &TestClient {
        &self.org.admin
    }

    pub fn agent(&self, i: usize) -> &Agent {
        &self.agents[i]
    }

    /// The simulator's customer with this phone writes; answers the stored message.
    pub async fn customer_writes(&self, phone: &str, text: &str) -> anyhow::Result<Value> {
        ok(self
            .admin()
            .post(
                &format!("/api/v1/simulator/{}/messages", self.channel),
                json!({"text": text, "contact_phone": phone, "contact_name": "Cliente"}),
            )
            .await)
        .await
    }

    /// What the customer with this phone sees: the channel's thread for them.
    pub async fn customer_thread(&self, phone: &str) -> anyhow::Result<Vec<Value>> {
        let encoded = phone.replace('+', "%2B");
        let page =
            ok(self.admin().get(&format!("/api/v1/simulator/{}/messages?contact_phone={encoded}", self.channel)).await)
                .await?;
        Ok(page["items"].as_array().cloned().unwrap_or_default())
    }

    pub async fn conversation(&self, id: &str) -> anyhow::Result<Value> {
        Ok(ok(self.admin().get(&format!("/api/v1/conversations/{id}")).await).await?["conversation"].clone())
    }

    pub async fn set_campaign(&self, patch: Value) -> anyhow::Result<()> {
        ok(self.admin().patch(&format!("/api/v1/campaigns/{}", self.campaign), patch).await).await?;
        Ok(())
    }
}

pub async fn set_status(client: &TestClient, status: &str) -> anyhow::Result<()> {
    let reply = client.put("/api/v1/me/status", json!({"status": status})).await?;
    anyhow::ensure!(reply.status == StatusCode::OK, "{}", reply.body);
    Ok(())
}

pub async fn connect(app: &TestApp, client: &TestClient) -> anyhow::Result<Socket> {
    let url = format!("{}/api/v1/realtime", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", client.cookie_header().unwrap_or_default().parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    let hello = next_event(&mut socket, Duration::from_secs(5)).await?;
    anyhow::ensure!(hello.as_ref().is_some_and(|h| h["kind"] == "hello"), "no hello: {hello:?}");
    Ok(socket)
}

pub async fn next_event(socket: &mut Socket, wait: Duration) -> anyhow::Result<Option<Value>> {
    loop {
        match tokio::time::timeout(wait, socket.next()).await {
            Err(_) | Ok(None) => return Ok(None),
            Ok(Some(message)) => {
                if let Message::Text(text) = message? {
                    return Ok(Some(serde_json::from_str(&text)?));
                }
            }
        }
    }
}

/// Every event that arrives until the socket is quiet for a moment.
pub async fn drain(socket: &mut Socket) -> anyhow::Result<Vec<Value>> {
    let mut events = Vec::new();
    while let Some(event) = next_event(socket, Duration::from_millis(400)).await? {
        events.push(event);
    }
    Ok(events)
}

/// Waits for an event matching `want`, skipping others.
pub async fn wait_for(socket: &mut Socket, want: impl Fn(&Value) -> bool) -> anyhow::Result<Value> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while tokio::time::Instant::now() < deadline {
        if let Some(event) = next_event(socket, Duration::from_secs(5)).await?
            && want(&event)
        {
            return Ok(event);
        }
    }
    anyhow::bail!("the awaited event never came")
}
