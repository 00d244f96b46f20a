#!/usr/bin/env bash
# A real submission peer for the tests: Postfix (smtpd) with Dovecot SASL and
# Dovecot IMAP, on loopback only, delivering the test domain `example.test`
# into Maildirs and refusing to relay anywhere else (default_transport =
# error:), so nothing leaves the machine.
#
#   tests/peers/postfix_dovecot.sh start DIR   # configure and start; writes DIR/peer.env
#   tests/peers/postfix_dovecot.sh stop DIR
#
# Run as root (Postfix needs it) once per test run: .ci/run starts it and
# exports the variables of DIR/peer.env for the tests (tests/support/peers.rs).
#
# Ports (127.0.0.1):
#   10587  submission: STARTTLS required, then AUTH (PLAIN, LOGIN, XOAUTH2,
#          OAUTHBEARER)
#   10465  submissions: implicit TLS, then AUTH (the same mechanisms)
#   10588  STARTTLS + AUTH, message_size_limit = 200000 (SIZE 200000)
#   10589  STARTTLS + AUTH, the reply to the final dot comes after 30 s
#   10590  STARTTLS + AUTH, announces neither 8BITMIME, SMTPUTF8 nor SIZE
#   10143  IMAP (STARTTLS), 10993 IMAPS
#   10980  the test OAuth2 authorization server (tests/peers/oauth_server.py,
#          plain http on loopback, issuer http://127.0.0.1:10980); Dovecot's
#          oauth2 passdb checks XOAUTH2/OAUTHBEARER tokens by introspection
#          there (mint one: POST /control/mint {"user": "layla@example.test"}).
# User: layla@example.test / password `secret`. IMAP: layla's folders carry
# SPECIAL-USE marks (Sent is \Sent); omar@example.test / `secret` (IMAP only)
# has none: his sent mail goes to a plain "Sent Items". Mail to any address of
# example.test is delivered into DIR/mail/layla/ (a Maildir; each copy carries
# a Delivered-To header naming its recipient). Recipients refused by
# check_recipient_access: reject@example.test (554 REJECT), defer@example.test
# (450 DEFER), busy@example.test (450 4.7.1 Try again later).
#
# The instance lives in its own config directory (DIR/postfix) with its own
# queue (DIR/spool); the system's /etc/postfix/main.cf only gains the
# alternate_config_directories line Postfix requires for that.
set -euo pipefail

action=${1:?usage: postfix_dovecot.sh start|stop DIR}
dir=${2:?usage: postfix_dovecot.sh start|stop DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf=$dir/postfix

oauth_port=10980

stop() {
    [[ -f $conf/main.cf ]] && postfix -c "$conf" stop >/dev/null 2>&1 || true
    [[ -f $dir/dovecot.conf ]] && doveadm -c "$dir/dovecot.conf" stop >/dev/null 2>&1 || true
    if [[ -f $dir/oauth.pid ]]; then
        kill "$(cat "$dir/oauth.pid")" >/dev/null 2>&1 || true
        rm -f "$dir/oauth.pid"
    fi
}

if [[ $action == stop ]]; then
    stop
    exit 0
fi
[[ $action == start ]] || { echo "unknown action $action" >&2; exit 64; }
[[ $(id -u) -eq 0 ]] || { echo "postfix_dovecot.sh needs root" >&2; exit 77; }
stop

uid=$(id -u postfix)
gid=$(id -g postfix)

# --- certificates: a private CA and a server certificate for localhost ------
if [[ ! -f $dir/ca.pem ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Hudhud test CA" \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
        -CAcreateserial -days 30 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
fi
chmod 644 "$dir/ca.pem" "$dir/server.pem"
chmod 640 "$dir/server.key"
chgrp postfix "$dir/server.key"

# --- the OAuth2 authorization server Dovecot asks about tokens -------------
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
setsid python3 "$here/oauth_server.py" --port "$oauth_port" >"$dir/oauth.out" 2>"$dir/oauth.log" </dev/null &
echo $! >"$dir/oauth.pid"
cat >"$dir/dovecot-oauth2.conf.ext" <<EOF
introspection_mode = post
introspection_url = http://127.0.0.1:$oauth_port/introspect
username_attribute = username
active_attribute = active
active_value = true
EOF
chmod 644 "$dir/dovecot-oauth2.conf.ext"

# --- Dovecot: SASL for Postfix, IMAP for the mailboxes -----------------------
mkdir -p "$dir/mail" "$dir/dovecot-run" "$dir/dovecot-state"
chown "$uid:$gid" "$dir/mail"
chmod 755 "$dir"
# omar's "Sent" is not created for him, so the \Sent mark of the namespace
# never shows: his Sent folder is found by its name alone.
printf 'layla@example.test:{PLAIN}secret::::::\nomar@example.test:{PLAIN}secret::::::userdb_namespace/inbox/mailbox/Sent/auto=no\n' >"$dir/users"
chmod 644 "$dir/users"
cat >"$dir/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/dovecot-run
state_dir = $dir/dovecot-state
log_path = $dir/dovecot.log
ssl = required
ssl_cert = <$dir/server.pem
ssl_key = <$dir/server.key
auth_mechanisms = plain login xoauth2 oauthbearer
disable_plaintext_auth = yes
mail_location = maildir:$dir/mail/%n
mail_uid = $uid
mail_gid = $gid
first_valid_uid = $uid
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = create
  }
}
passdb {
  driver = passwd-file
  mechanisms = plain login
  args = scheme=PLAIN username_format=%u $dir/users
}
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $dir/dovecot-oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/users
  default_fields = uid=$uid gid=$gid home=$dir/mail/%n
}
# Users of the OAuth2 tests exist only at the authorization server.
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$dir/mail/%n
}
service auth {
  unix_listener $dir/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 10143
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = 10993
    ssl = yes
  }
}
EOF
dovecot -c "$dir/dovecot.conf"
doveadm -c "$dir/dovecot.conf" mailbox create -u omar@example.test "Sent Items" 2>/dev/null || true

# --- Postfix ----------------------------------------------------------------
mkdir -p "$conf" "$dir/spool" "$dir/data"
chown postfix "$dir/data"
main=/etc/postfix/main.cf
if [[ ! -f $main ]]; then
    printf 'compatibility_level = 3.6\nmaillog_file = /dev/null\ninet_interfaces = loopback-only\n' >"$main"
fi
if ! grep -qF "$conf" "$main"; then
    sed -i '/^alternate_config_directories/d' "$main"
    echo "alternate_config_directories = $conf" >>"$main"
fi

cat >"$conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
myhostname = mx.example.test
mydomain = example.test
myorigin = example.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtputf8_enable = yes
# Nothing leaves this machine.
default_transport = error:nothing leaves this test machine
relay_transport = error:nothing leaves this test machine
virtual_mailbox_domains = example.test
virtual_mailbox_base = $dir/mail
# Every recipient of example.test lands in layla's Maildir (INBOX), each
# copy with its own Delivered-To header.
virtual_mailbox_maps = static:layla/
alias_maps =
alias_database =
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
smtpd_tls_cert_file = $dir/server.pem
smtpd_tls_key_file = $dir/server.key
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = $dir/auth
smtpd_sasl_auth_enable = no
smtpd_tls_auth_only = yes
smtpd_recipient_restrictions = check_recipient_access texthash:$conf/recipient_access, permit_sasl_authenticated, reject
EOF
cat >"$conf/recipient_access" <<'EOF'
reject@example.test REJECT this mailbox does not exist here
defer@example.test DEFER the mailbox is being moved
busy@example.test 450 4.7.1 Try again later
EOF

# Debian's master.cf without chroot (this instance has no chroot jail), plus
# our ports.
sed -E 's/^([a-z]+ +(inet|unix|unix-dgram|fifo|pass) +[-yn] +[-yn]) +y /\1 n /' \
    /etc/postfix/master.cf >"$conf/master.cf"
auth_port='-o smtpd_sasl_auth_enable=yes -o smtpd_client_restrictions=permit_sasl_authenticated,reject'
cat >>"$conf/master.cf" <<EOF
127.0.0.1:10587 inet n - n - - smtpd -o syslog_name=sub587 -o smtpd_tls_security_level=encrypt $auth_port
127.0.0.1:10465 inet n - n - - smtpd -o syslog_name=sub465 -o smtpd_tls_wrappermode=yes $auth_port
127.0.0.1:10588 inet n - n - - smtpd -o syslog_name=small -o smtpd_tls_security_level=encrypt -o message_size_limit=200000 $auth_port
127.0.0.1:10589 inet n - n - - smtpd -o syslog_name=slow -o smtpd_tls_security_level=encrypt -o smtpd_end_of_data_restrictions=sleep,30 $auth_port
127.0.0.1:10590 inet n - n - - smtpd -o syslog_name=seven -o smtpd_tls_security_level=encrypt -o smtpd_discard_ehlo_keywords=8bitmime,smtputf8,size $auth_port
EOF
# The stock smtp listener on port 25 is not wanted.
sed -i -E '/^smtp +inet /d' "$conf/master.cf"

postfix -c "$conf" check
postfix -c "$conf" start

# --- ready? ------------------------------------------------------------------
for port in 10587 10465 10588 10589 10590 10143 10993 $oauth_port; do
    for _ in $(seq 1 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue 2; fi
        sleep 0.1
    done
    echo "port $port did not open; logs: $dir/postfix.log $dir/dovecot.log" >&2
    tail -20 "$dir/postfix.log" "$dir/dovecot.log" >&2 || true
    exit 1
done

cat >"$dir/peer.env" <<EOF
HUDHUD_POSTFIX_DIR=$dir
HUDHUD_OAUTH_ISSUER=http://127.0.0.1:$oauth_port
EOF
echo "Postfix + Dovecot ready in $dir"
