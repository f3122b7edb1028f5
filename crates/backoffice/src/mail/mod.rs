//! Mail: order confirmations, payment links, new orders for sellers.
//!
//! Sent through `lettre`: by SMTP when a server is configured, otherwise
//! written as `.eml` files to a local mailbox directory that operators read
//! at `/admin/mail`. What each order owes is kept on the order itself (see
//! [`order_mail`]), so a mail is never lost to a crash, only delayed.

mod mailbox;
mod order_mail;

pub use mailbox::{MailMessage, MailboxEntry, read_mailbox, read_message};
pub use order_mail::{MailedSite, OrderMail};

use lettre::message::{Mailbox, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use std::path::PathBuf;

/// Where mail goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    /// The sender, e.g. `echoppe <commandes@echoppe.example>`.
    pub from: String,
    /// `smtps://user:password@host:465`, or `smtp://host:587?tls=required`
    /// for STARTTLS, or `smtp://localhost:25` for a local relay. Without
    /// it, mail goes to `mailbox`.
    pub smtp_url: Option<String>,
    /// The directory mail is written to when there is no SMTP server.
    pub mailbox: PathBuf,
}

/// Why a mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("adresse invalide « {address} » : {why}")]
    Address { address: String, why: String },
    /// Trying again will not help (the server refused the recipient…).
    #[error("refusé définitivement : {0}")]
    Permanent(String),
    /// The server or the disk failed: try again later.
    #[error("envoi impossible pour l'instant : {0}")]
    Transient(String),
}

impl MailError {
    pub fn is_permanent(&self) -> bool {
        !matches!(self, Self::Transient(_))
    }
}

#[derive(Debug, Clone)]
enum Transport {
    Mailbox(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Sends mail. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
    /// Where the mailbox is, when mail goes there.
    mailbox: Option<PathBuf>,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Result<Self, String> {
        let from: Mailbox = settings.from.parse().map_err(|e| format!("expéditeur « {} » : {e}", settings.from))?;
        match &settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("serveur SMTP « {url} » : {e}"))?
                    .build();
                Ok(Self { from, transport: Transport::Smtp(transport), mailbox: None })
            }
            None => {
                std::fs::create_dir_all(&settings.mailbox)
                    .map_err(|e| format!("boîte aux lettres {} : {e}", settings.mailbox.display()))?;
                Ok(Self {
                    from,
                    transport: Transport::Mailbox(AsyncFileTransport::new(&settings.mailbox)),
                    mailbox: Some(settings.mailbox.clone()),
                })
            }
        }
    }

    /// The local mailbox, if mail goes there rather than to a server.
    pub fn mailbox(&self) -> Option<&PathBuf> {
        self.mailbox.as_ref()
    }

    /// Sends a plain-text mail.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let address = |why: String| MailError::Address { address: to.to_owned(), why };
        let recipient: Mailbox = to.parse().map_err(|e: lettre::address::AddressError| address(e.to_string()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(recipient)
            .subject(subject)
            // A Message-ID and MIME headers, which strict mail clients and
            // spam filters expect of UTF-8 text.
            .message_id(None)
            .singlepart(SinglePart::plain(body))
            .map_err(|e| address(e.to_string()))?;
        let sent = match &self.transport {
            Transport::Mailbox(mailbox) => {
                mailbox.send(message).await.map(drop).map_err(|e| MailError::Transient(e.to_string()))
            }
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| {
                if e.is_permanent() { MailError::Permanent(e.to_string()) } else { MailError::Transient(e.to_string()) }
            }),
        };
        let outcome = if sent.is_ok() { "sent" } else { "failed" };
        metrics::counter!("echoppe_mail_total", "outcome" => outcome).increment(1);
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn mail_is_written_as_a_proper_message() {
        let dir = tempfile::tempdir().unwrap();
        let settings = MailSettings {
            from: "echoppe <commandes@echoppe.invalid>".to_owned(),
            smtp_url: None,
            mailbox: dir.path().to_path_buf(),
        };
        let mailer = Mailer::new(&settings).unwrap();
        mailer.send("ines@example.fr", "Commande confirmée", "Merci, Inès !".to_owned()).await.unwrap();
        let (entries, total) = read_mailbox(dir.path()).await.unwrap();
        assert_eq!(total, 1);
        assert_eq!((entries[0].to.as_str(), entries[0].subject.as_str()), ("ines@example.fr", "Commande confirmée"));
        let message = read_message(dir.path(), &entries[0].id).await.unwrap().unwrap();
        assert_eq!(message.body.trim(), "Merci, Inès !");
        let raw = std::fs::read_to_string(dir.path().join(format!("{}.eml", entries[0].id))).unwrap();
        assert!(raw.contains("MIME-Version: 1.0") && raw.contains("Message-ID: <"), "{raw}");
        assert!(matches!(mailer.send("pas une adresse", "x", String::new()).await, Err(MailError::Address { .. })));
        assert!(Mailer::new(&MailSettings { from: "nobody".to_owned(), ..settings }).is_err());
    }
}
