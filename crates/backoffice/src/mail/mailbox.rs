//! Reading the local mailbox back, for the operator's page.

use std::path::Path;
use std::time::SystemTime;

/// The newest messages shown.
const SHOWN: usize = 200;

/// A message in the list.
#[derive(Debug, Clone)]
pub struct MailboxEntry {
    /// The file's name without `.eml`: the message's id in URLs.
    pub id: String,
    pub to: String,
    pub subject: String,
    pub written: SystemTime,
}

/// A message in full.
#[derive(Debug, Clone)]
pub struct MailMessage {
    pub entry: MailboxEntry,
    pub from: String,
    pub body: String,
}

/// The newest messages, newest first, and how many there are in all.
pub async fn read_mailbox(dir: &Path) -> std::io::Result<(Vec<MailboxEntry>, usize)> {
    let mut files = Vec::new();
    let mut listing = tokio::fs::read_dir(dir).await?;
    while let Some(entry) = listing.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_suffix(".eml").filter(|id| is_message_id(id)) {
            // A file removed meanwhile is simply not listed.
            let Ok(metadata) = entry.metadata().await else { continue };
            files.push((metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH), id.to_owned()));
        }
    }
    let total = files.len();
    files.sort_unstable_by(|a, b| b.cmp(a));
    files.truncate(SHOWN);
    let mut entries = Vec::with_capacity(files.len());
    for (_, id) in files {
        if let Some(message) = read_message(dir, &id).await? {
            entries.push(message.entry);
        }
    }
    Ok((entries, total))
}

/// One message, if `id` names one.
pub async fn read_message(dir: &Path, id: &str) -> std::io::Result<Option<MailMessage>> {
    if !is_message_id(id) {
        return Ok(None);
    }
    let path = dir.join(format!("{id}.eml"));
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let written = match tokio::fs::metadata(&path).await {
        Ok(metadata) => metadata.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(parsed) = mail_parser::MessageParser::default().parse(&bytes) else { return Ok(None) };
    let addresses = |list: Option<&mail_parser::Address<'_>>| {
        list.map(|list| list.iter().filter_map(|a| a.address.as_deref()).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    };
    Ok(Some(MailMessage {
        entry: MailboxEntry {
            id: id.to_owned(),
            to: addresses(parsed.to()),
            subject: parsed.subject().unwrap_or("(sans objet)").to_owned(),
            written,
        },
        from: addresses(parsed.from()),
        body: parsed.body_text(0).map(std::borrow::Cow::into_owned).unwrap_or_default(),
    }))
}

/// lettre names files by a UUID: nothing else is read, so no path can
/// escape the directory.
fn is_message_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuid_like_names_are_read() {
        assert!(is_message_id("67e55044-10b1-426f-9247-bb680e5fe0c8"));
        for bad in ["", "../secret", "a/b", "x.eml", "..", "é"] {
            assert!(!is_message_id(bad), "{bad:?}");
        }
    }
}
