//! Outgoing mail: through SMTP when configured, else to the log and `<data-dir>/mail/`.

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

/// One mail, as the `mail.send` job carries it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Debug)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Files {
        dir: PathBuf,
    },
}

impl Mailer {
    pub fn new(
        smtp_url: Option<&str>,
        from: &str,
        data_dir: &std::path::Path,
    ) -> anyhow::Result<Self> {
        match smtp_url {
            Some(url) => Ok(Mailer::Smtp {
                transport: AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("the SMTP URL is not valid")?
                    .build(),
                from: from.parse().context("the sender address is not valid")?,
            }),
            None => Ok(Mailer::Files {
                dir: data_dir.join("mail"),
            }),
        }
    }

    pub async fn send(&self, mail: &Mail) -> anyhow::Result<()> {
        match self {
            Mailer::Smtp { transport, from } => {
                let message = Message::builder()
                    .from(from.clone())
                    .to(mail.to.parse().context("bad recipient")?)
                    .subject(&mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(
                        Body::new_with_encoding(
                            mail.body.clone(),
                            ContentTransferEncoding::EightBit,
                        )
                        .map_err(|_| anyhow::anyhow!("mail body cannot be sent as 8bit"))?,
                    )?;
                transport.send(message).await?;
                Ok(())
            }
            Mailer::Files { dir } => {
                tokio::fs::create_dir_all(dir).await?;
                let name = format!("{}.eml", uuid::Uuid::now_v7());
                let text = format!(
                    "To: {}\nSubject: {}\n\n{}\n",
                    mail.to, mail.subject, mail.body
                );
                tokio::fs::write(dir.join(&name), text).await?;
                tracing::info!(to = %mail.to, subject = %mail.subject, file = %name, body = %mail.body, "mail written");
                Ok(())
            }
        }
    }
}
