# Hudhud — English

## Command line help
cli-about = Hudhud: send email from your desktop and from your scripts, through a queue that never loses a message.
cli-mailto = A mailto: link to open in the compose window
cli-send = Send a message (the body comes from standard input or --body-file)
cli-account = Add, list, test and remove sending accounts
cli-account-add = Add an account (the password goes into the system keychain)
cli-account-list = List the accounts (* marks the default)
cli-account-test = Connect, sign in and disconnect, printing the conversation with the server
cli-account-remove = Remove an account and its password from the keychain
cli-account-default = Make an account the default for sending
cli-account-name = The account's short name
cli-email = The account's email address
cli-host = The SMTP server's host name
cli-port = The SMTP port (default: 465 for tls, 587 for starttls)
cli-security = How the connection is encrypted: tls (port 465), starttls (port 587), or none (this machine only)
cli-username = The user name for signing in (default: the email address)
cli-display-name = The name shown to recipients
cli-ca-file = A PEM file of extra trusted certificate authorities, for a server with a private CA
cli-signature = A signature for messages from this account
cli-no-auth = The server needs no sign-in
cli-password-stdin = Read the password from standard input instead of asking for it
cli-allow-insecure = Allow an unencrypted connection to another machine (not recommended)
cli-make-default = Make this the default account
cli-from = The account to send from (default: the default account)
cli-to = A recipient (repeat for more)
cli-cc = A copy recipient (repeat for more)
cli-bcc = A hidden copy recipient (repeat for more)
cli-subject = The subject
cli-attach = A file to attach (repeat for more)
cli-body-file = Read the body from this file (default: standard input)
cli-show-transcript = Print the conversation with the server (passwords are never shown)

## Command line messages
account-added = Account “{ $name }” added. Check it with: hudhud account test { $name }
account-removed = Account “{ $name }” and its saved password were removed.
account-now-default = “{ $name }” is now the default account.
account-list-empty = No accounts yet. Add one with: hudhud account add NAME --email ADDRESS --host SERVER
account-test-ok = Account “{ $name }” works: connected, signed in and disconnected.
prompt-password = Password:
send-accepted = Sent. The server said: { $reply }
window-not-yet = The window is not part of this version yet. See “hudhud --help” for what the command line can do.
warning-insecure = Warning: mail to { $host } will travel unencrypted, readable by anyone on the network.

## Errors: configuration
error-config-no-home = Hudhud cannot find your home folder to keep its settings. Set HUDHUD_CONFIG_DIR and HUDHUD_DATA_DIR.
error-config-unreadable = The settings file { $path } cannot be read: { $reason }
error-config-invalid = The settings file { $path } has a mistake on line { $line }, column { $column }: { $problem }. Fix it in a text editor; Hudhud has not changed the file.
error-config-unwritable = The settings could not be saved to { $path }: { $reason }
error-account-exists = There is already an account named “{ $name }”. Choose another name.
error-account-unknown = There is no account named “{ $name }”. See “hudhud account list”.
error-no-account = There is no account yet. Add one with “hudhud account add”.
error-invalid-email = “{ $address }” is not a valid email address: { $reason }.
error-insecure-needs-opt-in = Sending to { $host } without encryption would expose your mail on the network. Use --security tls or starttls, or add --allow-insecure if you really mean it.
error-ca-file-unreadable = The certificate file { $path } cannot be used: { $reason }
error-empty-password = The password is empty. Type it again, or use --no-auth if the server needs no sign-in.
error-body-file = The body file { $path } cannot be read: { $reason }
error-body-stdin = The body could not be read from standard input: { $reason }

## Errors: keychain
error-keychain-unavailable = No keychain can be reached from here (on Linux: no Secret Service such as GNOME Keyring or KeePassXC on this session’s D-Bus; cron and SSH sessions usually have none). ({ $detail })
error-keychain-denied = The keychain refused access; it may be locked. Unlock it and try again. ({ $detail })
error-keychain-missing = No password for account “{ $name }” is in the keychain. Add the account again to store it.
error-keychain-failed = The keychain reported an error: { $detail }

## Errors: composing
field-from = From
field-to = To
field-cc = Cc
field-bcc = Bcc
address-empty = it is empty
address-missing-parts = it needs a name, an @ and a domain, like name@example.com
address-unbalanced = an angle bracket < or > is not closed
address-invalid-user = the part before the @ has characters that are not allowed
address-invalid-domain = the part after the @ is not a valid domain
address-invalid-input = it contains characters that are not allowed
error-invalid-address = { $field } address { $position } (“{ $address }”) is not valid: { $reason }.
error-no-recipients = The message has no recipient. Add at least one To, Cc or Bcc address.
error-attachment-missing = The attachment { $path } does not exist. Check the name or remove it.
error-attachment-unreadable = The attachment { $path } cannot be read: { $reason }
attachment-is-folder = it is a folder, not a file
eml-unreadable = the message could not be read back (its source is not a valid e-mail message)
error-message-build = The message could not be put together: { $reason }

## Errors: sending
step-connect = connecting
step-starttls = starting encryption
step-ehlo = greeting the server
step-auth = signing in
step-mail-from = giving the sender
step-rcpt-to = giving the recipients
step-data = starting the message
step-end-of-data = confirming the message
step-reset = resetting
step-noop = checking the connection
step-quit = disconnecting
smtp-connect-failed = Could not connect to the server: { $reason }. Check the host name and port, and your network. Hudhud will try again.
smtp-timeout = The server did not answer in time while { $step }. Hudhud will try again.
smtp-connection-lost = The connection broke while { $step }. Hudhud will try again.
smtp-unconfirmed = The connection broke after the whole message was sent but before the server confirmed it. It may have been delivered: check before sending it again.
smtp-auth-refused = The server refused the user name or password. Check them in the account settings.
smtp-rejected-permanent = The server refused the message while { $step }. Sending it again will not help; read the server's answer below.
smtp-rejected-temporary = The server is temporarily refusing while { $step }. Hudhud will try again.
smtp-recipient-refused = The server refused the recipient { $address }, so nobody was sent the message. Correct or remove that address.
smtp-recipient-deferred = The server cannot take the recipient { $address } right now, so nobody was sent the message yet. Hudhud will try again.
smtp-certificate-untrusted = The server's certificate is not trusted ({ $reason }), so Hudhud did not send your password or message. If the server uses a private certificate authority, give its certificate with --ca-file.
smtp-tls-failed = An encrypted connection could not be set up ({ $reason }). Check that the port matches the security setting (465 is tls, 587 is starttls).
smtp-no-starttls = The server does not offer encryption (STARTTLS), so Hudhud did not sign in or send. Check the port and security settings with your provider.
smtp-insecure-refused = This account uses no encryption to a server on another machine. Hudhud refuses to send that way; choose tls or starttls.
smtp-password-needs-tls = The connection is not encrypted, so Hudhud did not send your password. Choose tls or starttls for this account.
smtp-no-auth-mechanism = The server offers no sign-in method Hudhud supports (PLAIN or LOGIN). Check the account settings with your provider.
smtp-no-password = No password is saved for this account.
smtp-protocol = The server answered something unexpected: { $reason }. Hudhud will try again.
smtp-too-big = The message is { $size } and the server accepts at most { $limit }, so it was not sent. Remove or shrink attachments, or share large files by a link.
smtp-server-said = The server said: { $reply }
transcript-insecure-refused = refused: unencrypted connection to another machine
transcript-message-content = [message content, { $bytes } bytes]

## Outbox
state-queued = queued
state-sending = sending
state-deferred = waiting to retry
state-sent = sent
state-failed = failed
state-unconfirmed = unconfirmed
state-held = held
error-spool-io = The outbox folder { $path } could not be used: { $reason }. Check the disk has room and the folder belongs to you.
error-outbox-not-found = There is no message { $id } in the outbox. See “hudhud outbox list”.
error-outbox-wrong-state = Message { $id } is { $state }, so that cannot be done to it.
error-outbox-busy = Another Hudhud process is sending from account “{ $account }” right now. Try again in a moment.

## Outbox on the command line
cli-account-password = Replace an account's password in the keychain, and release its held messages
cli-outbox = List and manage messages waiting to be sent
cli-outbox-list = List waiting, held, unconfirmed and failed messages
cli-outbox-show = Show one message with the conversation of each attempt
cli-outbox-retry = Try a waiting, held or failed message again now
cli-outbox-retry-all = Retry every waiting, held and failed message
cli-outbox-cancel = Remove a message from the outbox without sending it
cli-outbox-flush = Send everything that is due now, then exit
cli-outbox-resend = Send an unconfirmed message again (it may arrive twice)
cli-outbox-mark-sent = Confirm that an unconfirmed message did arrive
cli-message-id = The message's outbox id (see “hudhud outbox list”)
cli-json = Print JSON for programs
cli-no-wait = Queue the message and return at once, without waiting for the server
cli-at = Send later, at this local date and time
cli-daemon = Keep sending in the background: retries and scheduled mail go out while the window is closed
cli-sendmail = Queue a whole message from standard input, like /usr/sbin/sendmail
cli-sendmail-t = Take the recipients from the To, Cc and Bcc headers
cli-sendmail-i = Do not treat a line with a single dot as the end of the message
cli-sendmail-f = The envelope sender address
cli-sendmail-name = The sender's full name, used when the message has no From header
cli-sendmail-account = The account to send through (default: by the From address, else the default account)
cli-sendmail-o = A sendmail option: -oi is like -i, -odq only queues, -odi delivers before returning; others are ignored
cli-sendmail-b = The mode: -bm sends (the default), -bp lists the queue
cli-sendmail-v = Say what happened
cli-sendmail-recipients = Recipient addresses
cli-help = Print help
column-id = ID
column-account = Account
column-recipients = Recipients
column-subject = Subject
column-state = State
column-attempts = Attempts
column-next-try = Next try
column-last-error = Last error
column-server-reply = Server reply
column-file = File
attempt-at = Attempt at { $time }
account-password-saved = The password for “{ $name }” is saved in the keychain.
error-bad-time = “{ $time }” is not a date and time like 2026-12-24 18:30.
error-sendmail-mode = The sendmail mode -b{ $mode } is not supported; use -bm to send or -bp to list the queue.
outbox-queued = Queued as { $id }.
outbox-scheduled = Queued; it will be sent at { $time }.
outbox-will-retry = The message is in the outbox and will be tried again at { $time }.
outbox-held-hint = The message is held in the outbox until the account is fixed. After fixing it (for a password: hudhud account password { $account }), run: hudhud outbox retry { $id }
outbox-failed-hint = The message was not sent and is kept in the outbox's failed list ({ $id }).
outbox-unconfirmed-hint = Check with a recipient, then run “hudhud outbox mark-sent { $id }” if it arrived, or “hudhud outbox resend { $id }” if not.
outbox-still-queued = The message is still in the outbox ({ $id }); another Hudhud process is sending it.
outbox-cancelled = Removed from the outbox: “{ $subject }”.
outbox-marked-sent = Message { $id } is marked as sent.
outbox-empty = The outbox is empty: nothing is waiting.
outbox-released = { $count ->
    [one] One held message will be sent again.
   *[other] { $count } held messages will be sent again.
}
outbox-retried = { $count ->
    [one] One message was tried again.
   *[other] { $count } messages were tried again.
}
daemon-started = Hudhud is sending in the background from { $dir }. Stop with Ctrl+C or SIGTERM.
daemon-stopped = Hudhud stopped sending in the background.

## The window (src/ui)
ui-window-title = Hudhud
ui-app-name = Hudhud
ui-window-failed = The window could not open: { $detail }
ui-nav-compose = Compose
ui-nav-outbox = Outbox
ui-nav-sent = Sent
ui-nav-accounts = Accounts
ui-nav-settings = Settings
ui-waiting-count = { $count ->
    [one] 1 message waiting
   *[other] { $count } messages waiting
}
ui-failed-count = { $count ->
    [one] 1 message failed
   *[other] { $count } messages failed
}
ui-choose-account = Choose an account
ui-addresses-placeholder = name@example.com, another@example.com
ui-cc-bcc = Cc / Bcc
ui-address-problem = “{ $address }”: { $reason }
ui-subject = Subject
ui-body-placeholder = Write your message…
ui-send = Send
ui-send-later = Send later…
ui-send-at = Send at
ui-schedule = Schedule
ui-send-later-invalid = Write a future date and time as YYYY-MM-DD HH:MM.
ui-send-shortcut = Ctrl+Enter sends
ui-attach = Attach files…
ui-discard = Discard
ui-warn-empty-subject = The subject is empty.
ui-warn-no-attachment = The message mentions an attachment, but nothing is attached.
ui-send-anyway = Send anyway
ui-back-to-editing = Keep editing
ui-sending-in = { $seconds ->
    [one] Sending in 1 s
   *[other] Sending in { $seconds } s
}
ui-undo = Undo
ui-undone = Sending cancelled: the message is back in the editor.
ui-queued = The message is in the outbox.
ui-cancelled = The message was taken out of the outbox.
ui-draft-not-saved = The draft could not be saved: { $detail }
ui-account-busy = The message is being sent right now; try again in a moment.
ui-message-gone = That message is no longer there.
ui-outbox-title = Outbox
ui-outbox-empty = Nothing waiting: every message has gone out.
ui-to-list = To: { $recipients }
ui-attempts = { $count ->
    [one] 1 attempt
   *[other] { $count } attempts
}
ui-next-try-seconds = { $seconds ->
    [one] next try in 1 second
   *[other] next try in { $seconds } seconds
}
ui-next-try-minutes = { $minutes ->
    [one] next try in 1 minute
   *[other] next try in { $minutes } minutes
}
ui-next-try-at = next try at { $time }
ui-retry-now = Retry now
ui-edit = Edit
ui-cancel-message = Cancel sending
ui-send-again = Send again
ui-mark-sent = It was sent
ui-open-account = Open account
ui-transcripts = Transcripts
ui-sent-title = Sent
ui-sent-empty = No sent messages yet.
ui-search-sent = Search by recipient or subject
ui-server-reply = Server reply: { $reply }
ui-export-eml = Export .eml
ui-exported = Saved as { $path }
ui-notify-failed = Not sent: { $subject }
ui-accounts-title = Accounts
ui-default-account = Default
ui-make-default = Make default
ui-remove = Remove
ui-remove-confirm = Remove “{ $name }” and its saved password?
ui-add-account = Add account
ui-account-removed = The account “{ $name }” was removed.
ui-account-saved = The account works and was saved.
ui-first-run-title = Add your email account
ui-first-run-hint = Hudhud sends through your provider’s SMTP server. The password is kept in the system keychain.
ui-account-add-title = Add an account
ui-account-edit-title = Edit account
ui-display-name = Your name
ui-display-name-placeholder = As recipients will see it
ui-email-address = Email address
ui-password = Password
ui-provider-detected = Settings for { $provider } filled in.
ui-manual-settings = Manual settings
ui-smtp-host = Outgoing server (SMTP)
ui-port = Port
ui-security = Security
ui-security-tls = TLS (port 465)
ui-security-starttls = STARTTLS (port 587)
ui-security-none = None (this computer only)
ui-username = User name
ui-username-placeholder = Same as the address
ui-signature = Signature
ui-test-and-save = Test and save
ui-testing = Testing…
ui-cancel = Cancel
ui-show-transcript = Show what the server said
ui-test-timeout = The server did not answer in time.
ui-account-invalid-email = Write a valid email address, like name@example.com.
ui-account-need-host = Write the outgoing server’s name, or choose a known provider’s address.
ui-account-invalid-port = The port must be a number between 1 and 65535.
ui-settings-title = Settings
ui-language = Language
ui-language-system = Same as the system
ui-theme = Theme
ui-theme-system = Same as the system
ui-theme-light = Light
ui-theme-dark = Dark
ui-undo-delay = Time to undo a send (0 turns it off)
ui-retry-cap = Longest wait between retries
ui-retry-lifetime = Give up retrying after
ui-notifications = Notify me when a message fails
ui-seconds-unit = seconds
ui-minutes-unit = minutes
ui-days-unit = days
ui-settings-saved-hint = Changes are saved at once; a number when you press Enter or leave Settings.
ui-config-not-saved = Not saved: the configuration file has a problem (see above). Fix it, then restart Hudhud.
ui-date-time = { $month } { $day }, { $year }, { $time }
ui-month-1 = Jan
ui-month-2 = Feb
ui-month-3 = Mar
ui-month-4 = Apr
ui-month-5 = May
ui-month-6 = Jun
ui-month-7 = Jul
ui-month-8 = Aug
ui-month-9 = Sep
ui-month-10 = Oct
ui-month-11 = Nov
ui-month-12 = Dec
ui-discard-confirm = Discard this message? It cannot be brought back.
ui-keep-draft = Keep it
ui-test = Test
ui-account-works = “{ $name }” works: the server accepted the connection and the sign-in.
ui-account-fails = “{ $name }” does not work: { $reason }
ui-warn-too-big = The attachments add up to { $size }: most mail servers refuse messages over 25 MB.
ui-warn-too-big-for-server = The attachments add up to { $size }, and with encoding the message is bigger than the { $limit } your server accepts.
ui-sends-at = sends at { $time }
ui-no-display = There is no graphical display here (neither DISPLAY nor WAYLAND_DISPLAY is set). The command line works without one: see “hudhud --help”.

# The text fields' right-click menu.
ui-menu-cut = Cut
ui-menu-copy = Copy
ui-menu-paste = Paste
ui-menu-select-all = Select all

# --- the sent history index
error-history = The sent history index could not be read or written: { $reason }. Your messages are safe in the outbox folders; Hudhud rebuilds the index from them.

# --- the window title with the outbox's state (task bar)
ui-window-title-waiting = { $count ->
    [one] Hudhud — 1 waiting
   *[other] Hudhud — { $count } waiting
}
ui-window-title-needs-you = { $count ->
    [one] Hudhud — 1 needs you
   *[other] Hudhud — { $count } need you
}
# --- issue 10: smtp
step-content = sending the message
smtp-unconfirmed-timeout = The whole message was sent, but the server did not confirm it in time. It may have been delivered: check before sending it again.
smtp-unconfirmed-protocol = The whole message was sent, but the server's answer made no sense ({ $reason }). It may have been delivered: check before sending it again.
smtp-no-greeting = The server on port { $port } said nothing within 10 seconds. It probably expects encryption from the start: port 465 usually needs security "tls", port 587 "starttls". Check the account's port and security.
smtp-not-tls = The server on port { $port } answered without encryption, so it does not use security "tls" on this port. Port 587 (and 25) usually needs "starttls", port 465 "tls". Check the account's port and security.
smtp-bad-address = The envelope address { $address } cannot be used ({ $reason }), so the message was not sent. Correct the address.
smtp-address-bad-characters = it contains spaces, control characters or angle brackets
smtp-data-after-starttls = the server sent more after agreeing to start encryption, which could be an attack
smtp-auth-endless = the server kept asking during sign-in
smtp-ca-file-empty = the file holds no PEM certificate
smtp-ca-file-not-a-file = it is not a regular file
smtp-recipients-refused = The server refused the recipients { $addresses }, so nobody was sent the message. Correct or remove those addresses.
# --- issue 10: spool and config on disk
error-spool-link = { $path } is a symbolic link or a special file, where Hudhud keeps only files it wrote itself. It was not followed: what it points to was neither read, sent nor changed. If you did not put it there, someone else may have. Remove it (rm "{ $path }") and try again.
warn-folder-shared = Warning: the folder { $path } is open to other users (mode { $mode }). Hudhud leaves folders you made as they are; to keep your mail private, run: chmod 700 "{ $path }"
state-damaged = damaged
outbox-damaged-state = This message could not be read back from the outbox, so it was set aside and not sent. The message itself is intact in { $path }. Check its recipients, then send it again with: hudhud sendmail -t -i < "{ $path }" (Bcc recipients are not in the file: add them on the command line). Then delete its files from the quarantine folder.
outbox-damaged-no-message = Only the state file { $path } is left of this message: its text is lost and it was not sent. Write it again to the recipients shown, then delete the file.
outbox-damaged-not-regular = Where this message's file belongs there was a symbolic link or a special file ({ $path }): Hudhud neither read nor sent it. If you did not put it there, someone else may have. Delete it; if the message is wanted, write it again.
# --- issue 10: cli
cli-account-edit = Change an account's settings in place (only the options given change)
cli-account-remove-force = Also when messages of the account are still in the outbox: they move to the failed list
cli-edit-username = The user name for signing in ("" goes back to the email address)
cli-edit-display-name = The name recipients see ("" removes it)
cli-edit-signature = A signature for messages from this account ("" removes it)
cli-no-ca-file = Stop using an extra CA file
cli-no-allow-insecure = Stop allowing an unencrypted connection to another machine
cli-outbox-send-to-accepted = Queue a copy of a failed message for the recipients the server accepted (when it refused some)
account-edited = Account “{ $name }” was changed.
account-unchanged = Nothing to change in account “{ $name }”: give the options to change, see “hudhud account edit --help”.
keychain-nothing-saved = Nothing was saved. Start a keychain (or run this in your desktop session) and try again.
error-account-has-messages = { $count ->
    [one] Account “{ $name }” still has a message in the outbox (queued, waiting, held or unconfirmed).
   *[other] Account “{ $name }” still has { $count } messages in the outbox (queued, waiting, held or unconfirmed).
}
error-account-has-messages-hint = Send or cancel them first (see “hudhud outbox list”), or run “hudhud account remove { $name } --force” to move them to the failed list.
account-messages-failed = { $count ->
    [one] One message of “{ $name }” was moved to the failed list.
   *[other] { $count } messages of “{ $name }” were moved to the failed list.
}
outbox-account-removed-reason = Not sent: its account “{ $name }” was removed.
outbox-queued-no-keychain = { $count ->
    [one] Queued; the keychain is not reachable from here, “hudhud daemon” (or the Hudhud window) in your desktop session will send it.
   *[other] { $count } messages stay queued; the keychain is not reachable from here, “hudhud daemon” (or the Hudhud window) in your desktop session will send them.
}
outbox-flush-summary = The outbox now — sent by this run: { $sent }, waiting: { $waiting }, unconfirmed: { $unconfirmed }, held: { $held }, failed: { $failed }, scheduled for later: { $scheduled }.
outbox-flush-held-hint = Held messages wait until their account is fixed (for a password: hudhud account password NAME); see “hudhud outbox list”.
outbox-flush-failed-hint = Failed messages were refused for good or tried too long; see “hudhud outbox list”, then retry or cancel each one.
outbox-flush-unconfirmed-hint = Unconfirmed messages may have arrived; check with a recipient, then “hudhud outbox mark-sent ID” or “hudhud outbox resend ID”.
outbox-flush-waiting-hint = Waiting messages are tried again by themselves (by “hudhud daemon”, the window, or the next flush).
error-copy-nothing-refused = The server refused none of the recipients of message { $id }, so there is nobody to leave out. Retry it with “hudhud outbox retry { $id }”.
error-copy-nobody-accepted = The server refused every recipient of message { $id }: there is nobody to send a copy to. Check the addresses, then retry or cancel it.
error-copy-exists = A copy of message { $id } for the accepted recipients was queued already ({ $copy }). See “hudhud outbox show { $copy }”.
outbox-copy-queued = A copy was queued as { $id } for: { $recipients }.
outbox-copy-line = Copy for the accepted recipients: { $id } ({ $time }), to { $recipients }
ui-send-to-accepted = Send to the others
ui-copy-sent-to = A copy went to: { $recipients }

# --- the Sent list from the history index
ui-sent-more = Show more
cli-sent = Read the sent history (list, search)
cli-sent-list = List the most recent sent messages, newest first
cli-sent-search = Find sent messages by subject, recipient or text (Arabic vowel marks ignored)
cli-sent-query = Words to find (every word must match)
cli-sent-limit = At most this many messages
sent-none = No sent messages match.
# --- issue 10: message
field-display-name = display name
error-control-character = The { $field } contains a line break or another control character ({ $code }), which cannot go into a mail header. Remove it and try again.
attachment-not-regular = it is not a regular file (a pipe, a device or a socket), so it cannot be attached
error-attachments-too-big = With { $path } the attachments add up to { $size }, more than the { $limit } Hudhud sends in one message. Remove or shrink attachments, or share large files by a link.
error-attachments-too-big-for-server = With { $path } the message would be { $size } once encoded, more than the { $limit } your server accepts. Remove or shrink attachments, or share large files by a link.
size-bytes = { $n } B
size-kb = { $n } kB
size-mb = { $n } MB
size-gb = { $n } GB
error-sendmail-f = The sender address given with -f (“{ $address }”) is not valid: { $reason }.
error-sendmail-header-too-long = The header field “{ $name }” has a line longer than 998 characters that cannot be folded; mail servers refuse such messages. Shorten it and try again.

# --- issue 11: oauth
smtp-no-token-mechanism = The server offers no way to sign in with a token (OAUTHBEARER or XOAUTH2). Check the server name in the account settings, or sign in with a password or app password if your provider allows it.
smtp-token-rejected = The server did not accept the sign-in token. Hudhud renews it once; if that does not help, sign in again (window: Sign in again; command line: hudhud account login NAME).
oauth-unknown-provider = “{ $name }” is not a sign-in provider Hudhud knows. Use google, microsoft or oidc.
oauth-no-client-id = This build of Hudhud has no client id for { $provider }. Enter your own client id in the account settings (command line: --oauth-client-id), or sign in with an app password.
oauth-insecure-url = The sign-in address { $url } is not encrypted. Use an https:// address (http:// is allowed only for this computer).
oauth-bad-url = The sign-in address { $url } is not valid: { $reason }.
oauth-discovery = The sign-in settings could not be read from { $url }: { $reason }. Check the issuer address.
oauth-issuer-mismatch = the server calls itself { $issuer }
oauth-network = The sign-in server could not be reached: { $reason }. Hudhud will try again.
oauth-sign-in-again = The sign-in for this account has expired or was withdrawn ({ $reason }). Sign in again (window: Sign in again; command line: hudhud account login NAME).
oauth-refused = The sign-in server refused: { $error } { $description }
oauth-denied = Sign-in was refused or cancelled in the browser ({ $reason }). Start sign-in again when you are ready.
oauth-timed-out = No answer came from the browser within { $minutes } minutes. Start sign-in again.
oauth-device-expired = The code was not entered in time. Start sign-in again to get a new code.
oauth-no-device-flow = { $provider } does not offer sign-in with a code on another device. Sign in in the browser on this computer.
oauth-no-refresh-token = The provider signed you in but gave no lasting permission (no refresh token), so Hudhud could not send later. Sign in again and allow access.
oauth-response = The sign-in server answered something unexpected: { $reason }.
oauth-browser = No browser could be opened ({ $reason }). Open the address shown yourself.
oauth-no-browser = no browser command found
oauth-listener = Hudhud could not listen for the browser's answer on this computer: { $reason }.
oauth-token-command = The token command failed: { $reason }
oauth-command-unparsable = its quotes do not match
oauth-command-empty = no command was given
oauth-command-timeout = { $program } gave no token within { $seconds } seconds and was stopped
oauth-command-failed = { $program } ended with { $status }: { $errors }
oauth-command-no-token = { $program } printed no token
oauth-page-title-done = Signed in
oauth-page-done = Hudhud is signed in. You can close this tab and go back to Hudhud.
oauth-page-title-failed = Sign-in did not finish
oauth-page-failed = The sign-in did not finish: { $reason }. Go back to Hudhud and start again.
oauth-page-stale = This page belongs to an earlier or unknown sign-in. Go back to Hudhud and use the page it opens.
oauth-page-not-found = Nothing here.
oauth-token-too-long = the sign-in token is too long for the keychain
oauth-token-damaged = the saved sign-in of { $name } is incomplete in the keychain
oauth-never-signed-in = this account has not signed in yet
transcript-token-renewed = the server refused the access token; renewing it once and trying again
smtp-auth-google = Google did not accept this password. Gmail takes a password only as an app password, made after turning on 2-Step Verification at https://myaccount.google.com/apppasswords — or use Sign in with Google for this account instead.
smtp-auth-microsoft = Microsoft no longer accepts passwords here: use Sign in with Microsoft for this account (command line: hudhud account add NAME --auth oauth2 --oauth-provider microsoft).

# --- issue 12: account discovery and recipient checks
discover-source-autoconfig = the provider's autoconfig file ({ $url })
discover-source-well-known = the domain's well-known autoconfig file ({ $url })
discover-source-ispdb = Thunderbird's ISPDB ({ $url })
discover-source-mx-ispdb = the ISPDB entry of { $mx }, which receives this domain's mail ({ $url })
discover-source-mx-autoconfig = the autoconfig file of { $mx }, which receives this domain's mail ({ $url })
discover-source-srv = the DNS record { $record }
discover-source-guess = a guess: { $host } answered (only its greeting was read)
discover-source-http = an autoconfig file over plain HTTP ({ $url }), which anyone on the network could have changed
discover-bad-address = "{ $address }" is not an email address (expected name@domain).
discover-no-resolver = DNS cannot be used on this computer: { $reason }
discover-nothing-found = No settings were found for { $address }. Enter the server by hand (ask your provider for its SMTP host, port and encryption). What was tried:
discover-timeout = no answer in time
discover-fetch-failed = { $url }: { $reason }
discover-http-status = { $url }: the server answered HTTP { $status }
discover-too-big = { $url }: the answer is larger than { $limit } KB and was not read
discover-malformed = { $url }: not a valid autoconfig file ({ $reason })
discover-no-usable-server = { $url }: names no SMTP server with TLS or STARTTLS and a sign-in Hudhud supports
discover-no-mx = { $domain } has no usable MX record ({ $reason })
discover-mx-own-domain = the mail server { $mx } is in the address's own domain (already looked up)
discover-srv-not-offered = { $record } says the service is not offered
discover-found = Found for { $address }: { $host }:{ $port } ({ $security }), sign-in { $auth }, user name { $username }
discover-found-source = Source: { $source }
discover-needs-confirmation = These settings point to { $host }, outside { $domain }, and nothing that speaks for { $domain } confirmed them. Your password would be sent there.
discover-confirm-prompt = Use these settings? [y/N]
discover-not-confirmed = Settings not confirmed; nothing was saved. Give --host to choose the server yourself, or --trust-discovered to accept them.
discover-oauth-only = { $host } accepts only OAuth2 sign-in, which this version cannot set up from the command line yet. Nothing was saved.
discover-oauth-available = { $host } also offers OAuth2 sign-in; a password (often an app password) is used for now.
cli-account-discover = Find the SMTP settings for an email address (autoconfig, ISPDB, MX, SRV, guess)
cli-discover-address = The email address
cli-trust-discovered = Accept discovered settings that point outside the address's domain without asking
cli-check-recipients = Treat recipient warnings as errors (exit 64) instead of sending
cli-recipients = Check recipient addresses
cli-recipients-check = Check that the recipients' domains can receive mail
cli-recipients-addresses = The addresses to check
recipient-no-such-domain = The domain { $domain } does not exist.
recipient-null-mx = The domain { $domain } accepts no email.
recipient-no-mail-server = No mail server found for { $domain }.
recipient-did-you-mean = Did you mean { $suggestion }?
recipient-warning = { $address }: { $warning }
recipient-warnings-refused = Not sent: the recipients have problems (see above). Fix them, or send without --check-recipients.
recipient-ok = { $address }: no problem found
recipient-fix = Use { $suggestion }
account-form-discover = Find settings
account-form-discovering = Looking up the settings for { $address }…
account-form-discovered = Filled in from { $source }.
account-form-discover-failed = No settings found; enter them by hand or pick a provider.
account-form-confirm-discovered = I trust { $host } with this account's password
discover-unknown-step = Unknown lookup "{ $step }"; the lookups are: { $known }
dns-no-such-name = { $name } does not exist in DNS
dns-no-record = { $name } has no such DNS record
dns-failed = DNS lookup of { $name } failed: { $reason }
cli-discover-only = Only these lookups (autoconfig, well-known, ispdb, mx, srv, guess, http), to see what each one says
cli-discover-timeout = Limit for the whole discovery, in seconds (default 10)
# --- issue 11: oauth wiring (accounts, worker, command line)
cli-account-login = Sign in again to an account that uses OAuth2 (Sign in with Google/Microsoft), then send its held messages
cli-device = Sign in with a code entered on another device instead of a browser on this computer
cli-auth = How the account signs in: password (default), oauth2 (the provider’s sign-in page) or oauth2-command (a token from your own command)
cli-oauth-provider = Sign-in provider: google, microsoft or oidc (found from the address when not given)
cli-oauth-issuer = For --oauth-provider oidc: the issuer URL of your sign-in server (https, or http on this computer)
cli-oauth-client-id = Your own OAuth2 client id, instead of the one built into Hudhud
cli-oauth-client-secret = The client secret of your own client id, if it has one (kept in the keychain)
cli-token-command = For --auth oauth2-command: the command that prints an access token on its first line (run without a shell)
error-token-command-missing = --auth oauth2-command needs --token-command "CMD": the command that prints an access token (for example pizauth show NAME).
error-oauth-provider-missing = Hudhud cannot tell from { $email } who signs you in. Add --oauth-provider google, microsoft or oidc (with --oauth-issuer URL).
error-oauth-issuer-missing = --oauth-provider oidc needs --oauth-issuer URL: the address of your sign-in server (for example https://sso.example.com/realms/mail).
error-oauth-host-missing = This provider has no known mail server. Add --host (and --port, --security) for your SMTP server.
error-login-not-oauth = The account “{ $name }” does not sign in through a provider’s page. For a password use: hudhud account password { $name }
account-signed-in = “{ $name }” is signed in; the sign-in is kept in the keychain.
oauth-browser-prompt = Sign in in your browser. If no browser opens, open this address yourself: { $url }
oauth-device-prompt = On any device, open { $url } and enter the code { $code }. Hudhud waits here until you have signed in.
outbox-held-hint-sign-in = The message is held in the outbox until the account signs in again. Run: hudhud account login { $account } — the held messages then go by themselves.
outbox-flush-sign-in-hint = Messages of an account that signs in with Google, Microsoft or another provider wait until it signs in again: hudhud account login NAME (they then go by themselves).
transcript-token-reread = the saved sign-in was refused; reading it again from the keychain, where another Hudhud process may have renewed it

# --- issue 11: window sign-in
ui-signin-with = Sign in with { $provider }
ui-signin-waiting = Waiting for the sign-in in your browser…
ui-signin-or-password = Or use an app password below and choose “Test and save”.
ui-signin-method-oauth = This account signs in through its provider (no password is stored).
ui-signin-method-password = This account signs in with a password kept in the keychain.
ui-signin-method-none = This account sends without signing in.
ui-signin-again = Sign in again
ui-signin-client-id = Your client id

# --- providers that take only an app password for SMTP
ui-app-password-needed = { $provider } does not accept your account password here: make an app password and type it above. How: { $page }

# --- the headless build
cli-no-window = This is the command-line build of Hudhud, without a window. Run `hudhud-cli --help` for the commands, or install the desktop package for the window.

# --- services: the core's services (queue, reopen, drafts, send)
error-file-not-written = { $path } could not be written: { $reason }. Check that the folder exists and that you may write there.
error-time-passed = { $time } has already passed: write a date and time still to come.
error-interrupted = That did not finish because of an internal error, and nothing more is known about it. Check the outbox, then try again.
cli-no-signature = Leave out the account's signature (it is added below the text otherwise)
cli-undo = Wait the undo delay from the settings before sending, as the window does; cancel meanwhile with `hudhud outbox cancel ID`
# --- chips: recipients and contacts
contacts-read-failed = Could not read { $path }: { $reason }. Check that the file is there and that you may read it.
contacts-no-cards = { $path } has no contact with an email address. Is it a vCard (.vcf) file? Export the address book again as vCard and import that file.
contacts-too-big = { $path } is bigger than 64 MB, too big for an address book. Export the contacts again without photos.
contacts-save-failed = Could not save the address book to { $path }: { $reason }. Check the free space and the folder's permissions, then import again.
contacts-damaged = The address book { $path } cannot be read ({ $reason }). Move that file away and import your .vcf file again.
contacts-imported = { $path }: { $added } new, { $updated } renamed, { $unchanged } already there.
contacts-without-email = { $count } contacts without an email address were left out.
contacts-none = No contacts yet. They come from the messages you send, and from `hudhud contacts import FILE.vcf`.
contacts-sent = sent { $count } times, last on { $date }
contacts-in-book = in the address book
cli-contacts = The people you write to: suggestions while typing an address
cli-contacts-import = Import an address book from a vCard (.vcf) file
cli-contacts-list = List everyone you have written to and the imported address book
cli-contacts-file = The .vcf file (vCard 2.1, 3 or 4), as phones and mail programs export it
ui-chip-invalid = “{ $address }” is not an address: { $reason }. Click it twice to correct it.
ui-chip-remove = Remove
ui-suggestion-sent = { $count } sent
ui-suggestion-book = address book
# --- imap: the copy in the Sent folder (IMAP APPEND)
copy-error-connect = The mail server for the Sent copy cannot be reached: { $reason }. Hudhud tries again by itself.
copy-error-timeout = The mail server for the Sent copy did not answer in time ({ $step }). Hudhud tries again by itself.
copy-error-tls = The secure connection to the IMAP server failed: { $reason }. Check the IMAP host, port and security of the account.
copy-error-no-starttls = The IMAP server does not offer STARTTLS, so your password was not sent. Use security "tls" (port 993) or ask your provider.
copy-error-insecure = IMAP without encryption is allowed only on this machine. Use security "tls" or "starttls".
copy-error-sign-in = The IMAP server refused the sign-in. The server said: { $reply }. Check the IMAP user name and password (hudhud account edit NAME --imap-username … --imap-password-stdin), then retry the copy.
copy-error-no-folder = No Sent folder was found on the IMAP server. Choose one with `hudhud account edit NAME --sent-folder FOLDER` (or in the account's window), then retry the copy.
copy-error-folder-missing = The folder "{ $folder }" does not exist on the IMAP server (the server said: { $reply }). Create it with `hudhud outbox retry-copy ID --create-folder`, or choose another folder.
copy-error-refused = The IMAP server refused { $step }. The server said: { $reply }
copy-error-unclear = The connection broke while the copy was being saved ({ $reason }). Hudhud looks for it in the folder before saving it again.
copy-error-credentials = The sign-in for the Sent copy could not be had: { $reason }
copy-error-message = The sent message cannot be read from the spool: { $reason }
copy-error-unquotable = the user name or password has a line break or a character IMAP cannot carry
copy-error-closed = the server closed the connection
copy-state-pending = waiting to be saved
copy-state-copied = saved
copy-state-failed = not saved
copy-state-off = off
column-sent-copy = Copy in Sent
copy-folder-uid = { $folder } (UID { $uid })
copy-retried = The copy of { $id } to the Sent folder is tried again.
copy-done = Copied to the Sent folder "{ $folder }".
error-copy-not-wanted = Message { $id } was not sent (or its account saves no copy in Sent), so there is nothing to copy.
provider-copies-sent = { $provider } already keeps what you send in its Sent folder, so Hudhud saves no copy there (a second one would be a duplicate). Turn it on with --save-sent if you want it anyway.
cli-imap-host = IMAP server, for the copy of each sent message in the Sent folder
cli-imap-port = IMAP port (default 993 for tls, 143 for starttls)
cli-imap-security = IMAP security: tls (port 993) or starttls (port 143)
cli-imap-username = IMAP user name (default: the SMTP user name)
cli-imap-password-stdin = Read a password for IMAP alone from standard input (default: the SMTP password)
cli-sent-folder = The IMAP folder for sent messages (default: found on the server)
cli-save-sent = Save a copy of each sent message in the Sent folder
cli-no-save-sent = Do not save copies in the Sent folder
cli-no-imap = Remove the IMAP settings
cli-outbox-retry-copy = Try again to save a sent message in the Sent folder
cli-create-folder = Create the Sent folder if it does not exist
ui-imap-section = Copy in the Sent folder (IMAP)
ui-imap-host = IMAP server
ui-imap-port = IMAP port
ui-save-sent = Save a copy of sent messages in the Sent folder
ui-sent-folder = Sent folder (empty: found automatically)
ui-retry-copy = Retry copy
copy-error-no-imap-host = This account has no IMAP server yet: give one with --imap-host.
copy-not-yet = The message was sent. Copy in Sent: { $state } — { $reason } (hudhud outbox show { $id })
ui-provider-copies-sent = { $provider } already keeps what you send in its Sent folder, so no copy is saved there (it would be a duplicate). Tick the box to save one anyway.
ui-imap-security-tls = TLS (port 993)
ui-imap-security-starttls = STARTTLS (port 143)
# --- look: notifications, confirmations, display
ui-sent-toast = Sent: { $subject }
ui-cancel-confirm = Take this message out of the outbox? It will not be sent.
ui-keep-message = Keep it
ui-cancel-yes = Don’t send it
ui-display-unreachable = The graphical display “{ $display }” cannot be reached (is the desktop session running, and may this user use it?). The command line works without one: see “hudhud --help”.
# The envelope: To, Cc and Bcc together, so not labelled "To".
ui-recipients-list = Recipients: { $recipients }
ui-attached = Attached: { $name }
ui-number-range = Type a whole number from { $min } to { $max }; the saved value stays until then.
ui-shortcuts-title = Keyboard shortcuts
ui-shortcut-send = Send the message
ui-shortcut-new = New message
ui-shortcut-outbox = Open the outbox
ui-shortcut-tab = Next or previous field
ui-shortcut-escape = Close a question or this sheet, doing nothing
ui-shortcut-help = Show or hide this sheet
# --- write: formatting, preview, send later
cli-markdown = The body is Markdown-style text (**bold**, *italic*, [links](https://…), lists, > quotes, `code`): when it uses formatting it is sent as flowed text with an HTML copy; without formatting, as typed
cli-plain-text = Send plain text only from this account, even when the body has Markdown-style formatting
cli-no-plain-text = Send an HTML copy again when the body has Markdown-style formatting
ui-preview = Preview
ui-preview-edit = Edit
ui-preview-hint = Formatting: **bold**, *italic*, [link](https://…), - list, > quote, `code`
ui-preview-plain = This account sends plain text only: the formatting marks go as typed.
ui-preview-no-formatting = No formatting: this message goes as plain text.
ui-plain-text-only = Plain text only (no HTML copy of formatted messages)
ui-later-today = Later today, { $time }
ui-later-tomorrow = Tomorrow morning, { $time }
ui-later-monday = Monday morning, { $date }
ui-drafts = Drafts
ui-templates = Templates
ui-drafts-empty = No drafts put aside. “Save for later” keeps the message here and frees the editor.
ui-templates-empty = No templates yet. Write a message and choose “Save as template”.
ui-save-draft = Save for later
ui-save-template = Save as template
ui-draft-untitled = (no subject)
ui-draft-open = Open
ui-draft-send = Send
ui-draft-delete = Delete
ui-template-use = Use
ui-saved-draft = Saved in Drafts.
ui-saved-template = Saved as a template.
ui-shelf-failed = Drafts could not be read or written: { $detail }. What you wrote is still in the editor.
# --- spell: spell checking
ui-spell-loading = Spell checking: reading the dictionaries…
ui-spell-off = Spell checking is off: no Hunspell dictionaries were found. On Debian or Ubuntu install hunspell-en-us and hunspell-ar (on Fedora hunspell-en-US and hunspell-ar), then start Hudhud again.
ui-spell-on = Spell checking: English ({ $english }) and Arabic ({ $arabic }); each word is checked in the language of its letters.
ui-spell-english-only = Spell checking: English ({ $english }) only. No Arabic dictionary was found: install hunspell-ar, then start Hudhud again.
ui-spell-arabic-only = Spell checking: Arabic ({ $arabic }) only. No English dictionary was found: install hunspell-en-us, then start Hudhud again.
ui-spell-personal = Words you add to the dictionary are kept in { $file }.
ui-spell-unreadable = The dictionary { $file } could not be read ({ $detail }); it is not used.
ui-spell-encoding = it is neither UTF-8 nor ISO 8859-1
ui-spell-not-saved = “{ $word }” could not be added to your dictionary file ({ $detail }). It counts as right until Hudhud is closed; check that the data folder can be written to.
ui-menu-searching = Looking for suggestions…
ui-menu-no-suggestions = No suggestions
ui-menu-learn = Add “{ $word }” to the dictionary

# --- identity: identities (aliases) and signatures
error-identity-unknown = “{ $address }” is not one of the addresses account “{ $account }” sends as. Add it with “hudhud account identity add { $account } { $address }” (window: Accounts → Edit → Add identity), or choose another From.
error-identity-exists = Account “{ $account }” already sends as “{ $address }”.
error-from-unknown = No account sends as “{ $from }” and no account has that name. See “hudhud account identity list”.
cli-from-identity = The address to send as (an account's address or one of its identities) or the account's name (default: the default account)
cli-account-identity = Addresses an account also sends as (aliases), each with its own name and signature
cli-identity-add = Add an address the account sends as
cli-identity-list = List the addresses each account sends as
cli-identity-remove = Remove an address the account sends as
cli-identity-edit = Change an identity's name or signature
cli-identity-address = The address (an alias of the account)
cli-identity-name = The name shown with this address (empty: none)
cli-identity-signature = The signature for this address; several lines are kept (empty: none)
cli-identity-signature-file = Read the signature for this address from a file
cli-signature-placement = Where signatures go when the text ends with a quote (lines starting with “>”)
identity-added = Account “{ $account }” now also sends as { $address }.
identity-removed = Account “{ $account }” no longer sends as { $address }.
identity-edited = Identity { $address } of account “{ $account }” changed.
identity-list-empty = No accounts yet. Add one with “hudhud account add”.
identity-own = (the account's own address)
error-identity-own = { $address } is account “{ $account }”'s own address: change it with “hudhud account edit”.
error-signature-file = Could not read the signature from { $path }: { $reason }
ui-identities = Identities and signatures
ui-identities-hint = Other addresses this account may send as (aliases). The server must allow them; many do only for addresses set up with the provider.
ui-identity-add = Add identity
ui-identity-remove = Remove identity
ui-identity-address = Address
ui-identity-name = Name
ui-signature-placeholder = Several lines are fine. It goes below a “-- ” line.
ui-signature-placement = When the text ends with a quote
ui-signature-below-quote = Signature below the quote
ui-signature-above-quote = Signature above the quote
ui-identity-invalid = Identity { $number }: “{ $address }” is not an e-mail address.
ui-identity-duplicate = Identity { $number }: { $address } is listed twice.
smtp-sender-refused = The server refused the sender address: this account is probably not allowed to send as this From address. Ask your provider to accept it as an alias (Gmail: “Send mail as”; Microsoft 365: “Send As” permission), or send from the account's own address. The server's answer is below.
# --- sent: background sending, sent history retention
ui-sending-in-background = Sending in the background (another Hudhud process is sending for this account)
cli-sent-retention = Show or set how long sent messages are kept (then apply it now)
cli-sent-keep-forever = Keep every sent message (the default)
cli-sent-keep-days = Delete sent messages older than N days
cli-sent-keep-messages = Keep only the newest N sent messages
cli-sent-compress-after = Keep sent messages older than DAYS compressed (0 = never)
sent-keep-forever = Sent messages are kept forever.
sent-keep-days = { $days ->
    [one] Sent messages are kept for { $days } day.
   *[other] Sent messages are kept for { $days } days.
}
sent-keep-messages = { $count ->
    [one] Only the newest sent message is kept.
   *[other] Only the newest { $count } sent messages are kept.
}
sent-compress-after = { $days ->
    [0] Sent messages are not compressed.
    [one] Sent messages older than { $days } day are kept compressed.
   *[other] Sent messages older than { $days } days are kept compressed.
}
sent-pruned = Now: { $removed } deleted, { $compressed } compressed.
ui-keep-sent = Keep sent messages
ui-keep-sent-forever = Forever
ui-keep-sent-days = For a number of days
ui-keep-sent-messages = Only the newest
ui-messages-unit = messages
ui-compress-sent-after = Compress sent messages older than
ui-compress-sent-unit = days (0 = never)
# --- attach: attachments
ui-chooser-up = Up
ui-chooser-home = Home
ui-chooser-reading = Reading the folder…
ui-chooser-empty = This folder is empty.
ui-chooser-hint = Click files to choose them, Enter to attach, Escape to cancel.
ui-chooser-cancel = Cancel
ui-chooser-open = { $count ->
    [0] Attach
    [one] Attach 1 file
   *[other] Attach { $count } files
}
ui-chooser-unreadable = The folder { $folder } could not be read ({ $reason }). Go Up or Home and choose another.
error-file-not-opened = { $path } could not be opened ({ $reason }). Install a program for this kind of file, or open it from your file manager.
ui-attachment-open = Open
ui-attachment-remove = Remove
ui-attachments-total = Total { $size } of { $limit } the server accepts
ui-attachments-total-common = Total { $size } (most servers accept up to { $limit })

# --- compose15: spelling keyboard, signature
ui-signature-preview-above-quote = Your signature goes between your text and the quote:
ui-shortcut-menu = In a text field: suggestions for the word at the caret, Cut, Copy, Paste
# --- later: send later picker
later-calendar = Calendar
later-month-title = { $month } { $year }
later-month-1 = January
later-month-2 = February
later-month-3 = March
later-month-4 = April
later-month-5 = May
later-month-6 = June
later-month-7 = July
later-month-8 = August
later-month-9 = September
later-month-10 = October
later-month-11 = November
later-month-12 = December
later-weekday-sun = Su
later-weekday-mon = Mo
later-weekday-tue = Tu
later-weekday-wed = We
later-weekday-thu = Th
later-weekday-fri = Fr
later-weekday-sat = Sa
later-time = Time
later-zone = Time zone: { $zone } ({ $offset })
later-zone-offset = Time zone: { $offset }
later-keys =
    Arrow keys: another day
    Page Up, Page Down: another month
    Enter: pick · Escape: close without a change
later-done = Done
later-passed = { $time } has already passed (it is { $now } now). Choose a later day or time.
later-skipped = { $time } does not exist in { $zone }: the clocks go forward then. Choose another time, such as { $next }.
later-skipped-plain = { $time } does not exist in { $zone }: the clocks go forward then. Choose another time.
# --- a11y: screen readers
# The body field's name as a screen reader says it (the field shows a placeholder only).
a11y-body = Message
# The group of toasts and banners, as a screen reader names it.
a11y-notices = Notifications
# Said once when a message is queued, with Undo next to it (the countdown on screen abbreviates).
a11y-sending-in = { $seconds ->
    [one] Sending in 1 second
   *[other] Sending in { $seconds } seconds
}
# --- a11y2: screen readers, more screens
# The sidebar's list of screens (Compose, Outbox, Sent…), as a screen reader names it.
a11y-screens = Screens
# The list of attached files under the message, as a screen reader names it.
a11y-attachments = Attachments
# An Outbox row as a screen reader names it: its subject, then "Recipients: …" (ui-recipients-list).
a11y-outbox-row = { $subject }, { $recipients }

# --- newuser: outbox
# On a message not tried yet (scheduled, or waiting its turn): send it at once.
ui-send-now = Send now

# --- destroy: confirmations
# Asked after Delete on a saved draft or template in the Drafts list.
ui-delete-saved-confirm = Delete this for good? It cannot be brought back.
# Under an address field, after the first invalid addresses' reasons.
ui-chip-invalid-more = { $count ->
    [one] One more address here is not valid either.
   *[other] { $count } more addresses here are not valid either.
}
# --- sched: scheduled sending
state-scheduled = scheduled
# --- layout: sent list
# Before the addresses on a Sent row, kept whole when the addresses are cut.
sent-recipients-label = Recipients:
