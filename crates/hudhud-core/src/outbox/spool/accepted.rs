//! "Send to the others": after a recipient was refused (and so nobody got
//! the message), a copy goes to exactly the recipients the server accepted.
//! Only on the user's word: one refused recipient still fails the whole
//! message by default.

use chrono::Utc;

use super::{AccountLock, Copied, Entry, Folder, SpoolError, sync_dir, to_json, write_file};
use crate::compose::{Outgoing, new_message_id};

impl AccountLock {
    /// Queues a copy of a failed message for the recipients the server
    /// accepted, with a new Message-ID, and notes it on the original.
    /// Returns the copy's entry.
    pub fn send_to_accepted(&mut self, id: &str) -> Result<Entry, SpoolError> {
        let spool = self.spool.clone();
        let mut original = match spool.read_entry(Folder::Failed, id) {
            Ok(Some(entry)) if entry.account == self.account => entry,
            _ => {
                return Err(match self.outbox_entry(id) {
                    Ok(entry) => SpoolError::WrongState {
                        id: id.to_owned(),
                        state: entry.state,
                    },
                    Err(e) => e,
                });
            }
        };
        if let Some(copy) = original.copies.first() {
            return Err(SpoolError::AlreadyCopied {
                id: id.to_owned(),
                copy: copy.id.clone(),
            });
        }
        let refused_any = original
            .last_error
            .as_ref()
            .is_some_and(|e| !e.refused_recipients.is_empty());
        if !refused_any {
            return Err(SpoolError::NothingRefused(id.to_owned()));
        }
        let accepted = original.accepted_recipients();
        if accepted.is_empty() {
            return Err(SpoolError::NobodyAccepted(id.to_owned()));
        }
        let raw = spool.raw(Folder::Failed, id)?;
        // A new Message-ID: the copy is a message of its own in the outbox,
        // and the original may still be retried for everyone.
        let message_id = new_message_id(&original.envelope_from);
        let outgoing = Outgoing {
            raw: with_message_id(&raw, &message_id),
            message_id,
            envelope_from: original.envelope_from.clone(),
            envelope_to: accepted.clone(),
        };
        // The copy is queued first: a crash before the note below can at
        // worst let the user queue a second copy, never lose the first.
        let copy = spool.enqueue(&self.account, &outgoing, &original.subject, None, None)?;
        original.copies.push(Copied {
            id: copy.id.clone(),
            to: accepted,
            at: Utc::now(),
        });
        let path = spool.state_path(Folder::Failed, id);
        write_file(&path, &to_json(&original), true).map_err(SpoolError::io(&path))?;
        let dir = spool.dir(Folder::Failed);
        sync_dir(&dir).map_err(SpoolError::io(&dir))?;
        Ok(copy)
    }
}

/// The message with its Message-ID field (and any duplicate of it) replaced
/// by `message_id`; the rest, To and Cc included, byte for byte as it was.
fn with_message_id(raw: &[u8], message_id: &str) -> Vec<u8> {
    let field = format!("Message-ID: {message_id}\r\n");
    let mut out = Vec::with_capacity(raw.len() + field.len());
    let mut rest = raw;
    let mut written = false;
    let mut in_old_field = false;
    loop {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        let line = &rest[..end];
        if line.is_empty() || line == b"\r\n" || line == b"\n" {
            // The end of the header section.
            if !written {
                out.extend_from_slice(field.as_bytes());
            }
            out.extend_from_slice(rest);
            return out;
        }
        let continued = line.starts_with(b" ") || line.starts_with(b"\t");
        if continued && in_old_field {
            rest = &rest[end..];
            continue;
        }
        in_old_field =
            !continued && line.len() >= 11 && line[..11].eq_ignore_ascii_case(b"message-id:");
        if in_old_field {
            if !written {
                out.extend_from_slice(field.as_bytes());
                written = true;
            }
        } else {
            out.extend_from_slice(line);
        }
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_message_id_changes() {
        let raw = b"From: a@x.org\r\nTo: b@x.org, bad@x.org\r\nMessage-ID:\r\n <old@x.org>\r\nSubject: s\r\n\r\nMessage-ID: <in-body@x.org>\r\n";
        let out = with_message_id(raw, "<new@x.org>");
        assert_eq!(
            out,
            b"From: a@x.org\r\nTo: b@x.org, bad@x.org\r\nMessage-ID: <new@x.org>\r\nSubject: s\r\n\r\nMessage-ID: <in-body@x.org>\r\n"
        );
    }

    #[test]
    fn a_message_without_one_gains_it_and_duplicates_go() {
        let out = with_message_id(b"Subject: s\r\n\r\nbody\r\n", "<n@x>");
        assert_eq!(out, b"Subject: s\r\nMessage-ID: <n@x>\r\n\r\nbody\r\n");
        let out = with_message_id(b"message-id: <a@x>\r\nMessage-Id: <b@x>\r\n\r\n", "<n@x>");
        assert_eq!(out, b"Message-ID: <n@x>\r\n\r\n");
        // Headers only, no body: no panic, the field is still there.
        assert_eq!(with_message_id(b"", "<n@x>"), b"Message-ID: <n@x>\r\n");
    }
}
