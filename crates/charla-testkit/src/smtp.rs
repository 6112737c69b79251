//! A local SMTP stand-in that accepts every mail and keeps it for the test to read.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Default)]
pub struct SmtpStandIn {
    pub url: String,
    mails: Arc<Mutex<Vec<String>>>,
}

impl SmtpStandIn {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("smtp://{}", listener.local_addr()?);
        let mails = Arc::new(Mutex::new(Vec::new()));
        let store = mails.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = session(socket, store).await;
                });
            }
        });
        Ok(SmtpStandIn { url, mails })
    }

    /// Every message received so far, decoded to "To:", "Subject:" and the text body.
    pub fn mails(&self) -> Vec<String> {
        let raw = self.mails.lock().map(|m| m.clone()).unwrap_or_default();
        raw.iter()
            .map(|message| {
                let parsed = mail_parser::MessageParser::default().parse(message.as_bytes());
                let to = parsed
                    .as_ref()
                    .and_then(|m| m.to())
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .unwrap_or_default()
                    .to_owned();
                let subject = parsed.as_ref().and_then(|m| m.subject()).unwrap_or_default().to_owned();
                let body = parsed.as_ref().and_then(|m| m.body_text(0)).unwrap_or_default().to_string();
                format!("To: {to}\nSubject: {subject}\n\n{body}")
            })
            .collect()
    }
}

async fn session(socket: tokio::net::TcpStream, store: Arc<Mutex<Vec<String>>>) -> anyhow::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 stand-in ESMTP\r\n").await?;
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") {
            write.write_all(b"250-stand-in\r\n250 8BITMIME\r\n").await?;
        } else if upper.starts_with("DATA") {
            write.write_all(b"354 go on\r\n").await?;
            let mut message = String::new();
            while let Some(data) = lines.next_line().await? {
                if data == "." {
                    break;
                }
                message.push_str(data.strip_prefix('.').unwrap_or(&data));
                message.push('\n');
            }
            if let Ok(mut mails) = store.lock() {
                mails.push(message);
            }
            write.write_all(b"250 queued\r\n").await?;
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"250 ok\r\n").await?;
        }
    }
    Ok(())
}
