//! Outgoing mail: through SMTP when configured, else to the log and `<data-dir>/mail/`.

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

#[derive(Debug)]
pub enum SendError {
    Retry(anyhow::Error),
    Permanent(anyhow::Error),
}

/// One mail, as the `mail.send` job carries it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Debug)]
pub enum Mailer {
    Smtp { transport: Box<AsyncSmtpTransport<Tokio1Executor>>, from: Mailbox },
    Files { dir: PathBuf },
}

impl Mailer {
    pub fn new(smtp_url: Option<&str>, from: &str, data_dir: &std::path::Path) -> anyhow::Result<Self> {
        match smtp_url {
            Some(url) => Ok(Mailer::Smtp {
                transport: Box::new(
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("the SMTP URL is not valid")?.build(),
                ),
                from: from.parse().context("the sender address is not valid")?,
            }),
            None => Ok(Mailer::Files { dir: data_dir.join("mail") }),
        }
    }

    /// Sends one mail; `Err(Permanent)` for a mail that can never go, `Err(Retry)` otherwise.
    pub async fn send(&self, mail: &Mail) -> Result<(), SendError> {
        self.try_send(mail).await
    }

    async fn try_send(&self, mail: &Mail) -> Result<(), SendError> {
        match self {
            Mailer::Smtp { transport, from } => {
                let to: Mailbox =
                    mail.to.parse().map_err(|e| SendError::Permanent(anyhow::anyhow!("bad recipient: {e}")))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(&mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body.clone())
                    .map_err(|e| SendError::Permanent(e.into()))?;
                transport.send(message).await.map_err(|e| SendError::Retry(e.into()))?;
                Ok(())
            }
            Mailer::Files { dir } => {
                let written: anyhow::Result<String> = async {
                    tokio::fs::create_dir_all(dir).await?;
                    let name = format!("{}.eml", uuid::Uuid::now_v7());
                    let text = format!("To: {}\nSubject: {}\n\n{}\n", mail.to, mail.subject, mail.body);
                    tokio::fs::write(dir.join(&name), text).await?;
                    Ok(name)
                }
                .await;
                let name = written.map_err(SendError::Retry)?;
                tracing::info!(to = %mail.to, subject = %mail.subject, file = %name, body = %mail.body, "mail written");
                Ok(())
            }
        }
    }
}
