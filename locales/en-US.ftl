# mj-bridge: every sentence the bot shows in Discord, in English (the source).
# Each other file in this folder has the same keys with the same $placeholders
# (`cargo test --lib locale` says what is missing). Product words (Midjourney,
# useapi.net, pendingModMessage, CAPTCHA), command names (/fast, /mj-channel …),
# environment variables and Discord's markup (<#…>, <@…>, <t:…:R>, `code`) stay
# as they are in every language.

# The language's name in itself, for /mj-channel language's choices.
language-name = English

## Commands, options and choices (at most 100 characters each; plain text:
## build.rs compiles them into a table for registration)

cmd-fast = Switch Midjourney to fast mode
cmd-relax = Switch Midjourney to relax mode (unlimited, slower)
cmd-turbo = Switch Midjourney to turbo mode (fastest, uses more GPU time)
cmd-info = Show the Midjourney account's info panel
cmd-variability = Toggle Midjourney's high variability mode
cmd-mj-channel = Map Discord channels to Midjourney channels (Manage Server only)
opt-midjourney-channel = Id of a Midjourney channel configured at useapi.net (17–20 digits)
opt-discord-channel = Discord channel or thread (default: the one you are typing in)
opt-verb = The command
sub-set = Send commands from a Discord channel to a Midjourney channel
sub-unset = Remove a Discord channel's mapping
sub-default = Set the Midjourney channel for unmapped channels; leave empty to clear it
sub-list = Show this server's mapping, turned-off commands and audit channel
group-verbs = Turn Midjourney commands on or off in this server
sub-enable = Turn a command back on
sub-disable = Turn a command off in this server
sub-audit = Record every Midjourney command in a channel; leave empty to stop
opt-audit-channel = Channel for the audit log (the bot needs View Channel and Send Messages)
group-account = The useapi.net account this server spends
sub-account-reset = Once a moderation message or CAPTCHA is resolved in Midjourney, reset it at useapi.net
sub-account-set = Enter this server's useapi.net API token (stored encrypted, shown to no one)
sub-account-clear = Remove this server's own useapi.net account
sub-language = Choose the language of audit lines and alerts in this server
opt-language = The language; "default" follows the server's primary language
choice-language-default = Default: the server's primary language

## The token form (title and label at most 45 characters)

form-title = This server's useapi.net account
form-token-label = useapi.net API token
form-token-placeholder = Seen by no one else; stored only encrypted

## Buttons (at most 80 characters)

reset-button = Resolved: reset

## Errors a member reads

error-generic = Something went wrong inside the bot. Its admin can find the details in the bot's log.
error-database-unreachable = The settings database is unreachable; nothing changed. Try again in a moment (commands keep using the last known settings).
error-database-busy = The settings database is busy with another change to this server; nothing changed. Try again in a moment.
error-mapping-not-saved = The bot could not save the mapping, so nothing was changed. Its admin can find the reason in the bot's log.
error-invalid-id = Nothing was changed: `{ $shown }` is not a Discord channel id: it must be 17 to 20 digits (in Discord, turn on Developer Mode, right-click the Midjourney channel and choose Copy Channel ID).
error-not-admin = Only members with the Manage Server permission can change the Midjourney channel mapping. Nothing was changed.
error-not-in-guild = This command only works inside a server.
error-verb-disabled = /{ $verb } is turned off in this server. A server admin can turn it back on with `/mj-channel verbs enable verb:{ $verb }`.
error-unknown-mj-channel = useapi.net has no Midjourney account configured for channel `{ $mj }`, so nothing was changed. Add the account at useapi.net first (POST /v2/account/midjourney/{ $mj }, see https://useapi.net/docs/api-v2/post-account-midjourney-channel), then try again.
error-restarting = The bot is restarting. Please try again in a moment.
error-not-enabled-here = This bot is not enabled for this server, so its commands do nothing here. Only the bot's owner can enable it.
error-cooling-down = Here each member can send one Midjourney command every { $period } seconds. You can send the next one <t:{ $retry }:R>.
error-audit-cannot-see = The bot cannot see <#{ $channel }>, so it was not made the audit channel: give the bot View Channel and Send Messages there (channel settings → Permissions), then try again. Nothing was changed.
error-audit-cannot-send = The bot can see <#{ $channel }> but lacks Send Messages there, so it was not made the audit channel: give the bot Send Messages there (channel settings → Permissions), then try again. Nothing was changed.
error-audit-post-failed = The bot could not post in <#{ $channel }> ({ $why }), so it was not made the audit channel. Nothing was changed.
why-discord-status = Discord answered HTTP { $status }
why-discord-unreachable = Discord could not be reached
error-no-account = This server has no useapi.net account the bot may use, so nothing was sent. A server admin can add the server's own account with `/mj-channel account set`.
error-account-unreadable = This server's useapi.net token can no longer be opened (it was stored with a key the bot no longer has, or it was altered), so nothing was sent. A server admin must enter it again with `/mj-channel account set`.
error-own-accounts-off = This bot does not keep servers' own useapi.net accounts: its owner has not set SECRETS_KEY. Nothing was changed.
error-token-refused = useapi.net refused this token; nothing stored. Copy the API token from your useapi.net account and try `/mj-channel account set` again.
error-bad-token = Nothing was stored: { $why }; paste the API token from your useapi.net account alone and try `/mj-channel account set` again.
bad-token-empty = the token field was empty
bad-token-too-long = a useapi.net API token is at most { $max } characters, and this was longer
bad-token-multi-line = a useapi.net API token is one line, and this had several
bad-token-not-one-word = a useapi.net API token has no spaces or control characters inside, and this had some
error-unknown-command = This command is not known to this version of the bot; it gets the current commands when it next starts. If this keeps happening, please tell the bot's owner.
error-unreadable-command = This bot cannot read this command yet: Discord sent it in a form this version of the bot does not understand. Please tell the server's admins; the bot's owner can find the details in the bot's log.
error-reply-refused = Discord refused to show Midjourney's answer here, so it could not be posted. Please try again; if it keeps happening, the bot's admin can find Discord's reason in the bot's log.
stored-unverified = It was stored anyway, without being verified with useapi.net: { $reason }
commands-not-refreshed = (The command list could not be refreshed; it will be on the bot's next start.)

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = {" "}useapi.net said: “{ $said }”.
useapi-bad-request = useapi.net rejected the request (HTTP { $status }).{ $said } A server admin should check this channel's mapping with `/mj-channel list` against the Midjourney accounts configured at useapi.net.
useapi-token-refused = useapi.net did not accept the bot's API token (HTTP { $status }).{ $said } The bot's admin should check USEAPI_TOKEN.
useapi-no-credit = useapi.net reports no active subscription (HTTP { $status }).{ $said } The bot's admin should renew the useapi.net subscription.
useapi-gone = useapi.net has no such endpoint (HTTP { $status }).{ $said } The service may have withdrawn it (useapi.net announced the end of its Midjourney support for 2026-06-24); the bot's admin should check USEAPI_BASE_URL.
useapi-busy = useapi.net is busy right now (HTTP { $status }).{ $said } Please try again in 10 to 30 seconds.
useapi-needs-human = The Midjourney account has a pending moderation message or CAPTCHA (HTTP { $status }).{ $said } Someone must resolve it in Midjourney's Discord channel; then a server admin can reset it with “{ reset-button }” on the alert in the audit channel (or `/mj-channel account reset`). Until then every command fails, so retrying will not help.
useapi-unavailable = useapi.net or Midjourney is having trouble (HTTP { $status }).{ $said } Please try again shortly.
useapi-unexpected = useapi.net answered with an unexpected HTTP { $status }.{ $said }
useapi-job-failed = Midjourney did not complete the command (job status: { $job }).{ $said } Please try again shortly.
useapi-timeout = useapi.net did not answer within { $secs ->
    [one] 1 second
   *[other] { $secs } seconds
}. Midjourney may be slow; please try again shortly.
useapi-connect = The bot could not reach useapi.net. Please try again shortly; if it keeps happening, the bot's admin should check USEAPI_BASE_URL and the host's network.
useapi-transport = The connection to useapi.net broke off. Please try again shortly.
useapi-queue-full = Too many commands are waiting for useapi.net right now ({ $waiting } in the queue). Please try again in a minute.
useapi-invalid-body = useapi.net answered HTTP { $status } with something that is not the expected JSON. Please try again shortly; if it keeps happening, the bot's admin should check USEAPI_BASE_URL.
own-token-refused = useapi.net no longer accepts this server's own API token (HTTP { $status }).{ $said } A server admin must enter the server's token again with `/mj-channel account set`.
own-no-credit = useapi.net reports no active subscription on this server's own account (HTTP { $status }).{ $said } A server admin should renew it at useapi.net.

## What ends a pending moderation

fix-pending = resolve it in Midjourney's Discord channel, then reset pendingModMessage at useapi.net

## A reset of pendingModMessage

reset-not-admin = Only members with the Manage Server permission can reset a Midjourney account. Nothing was reset.
reset-not-here = This server uses the bot owner's useapi.net account, which only the bot's owner can reset (`mj-bridge account reset CHANNEL`). Nothing was reset; please tell the bot's owner.
reset-under-way = Another admin is resetting Midjourney channel `{ $mj }` right now; the alert will say how it went. Nothing more was sent.
reset-token-refused-own = useapi.net refused the API token (HTTP { $status }), so nothing was reset. A server admin must enter this server's token again with `/mj-channel account set`, then press again.
reset-token-refused-operator = useapi.net refused the API token (HTTP { $status }), so nothing was reset. The bot's owner should check USEAPI_TOKEN.
reset-not-configured = useapi.net has no Midjourney account configured for channel `{ $mj }` (HTTP 404), so nothing was reset. Check the channel with `/mj-channel list`, or add the account at useapi.net again.
reset-failed = useapi.net did not reset the channel ({ $why }), so nothing was reset. Please press again in a minute.
why-no-answer = no answer within { $secs } s
why-status = HTTP { $status }
why-useapi-unreachable = useapi.net could not be reached
why-broke-off = the connection broke off
reset-done = Midjourney channel `{ $mj }`: pendingModMessage reset at useapi.net by <@{ $member }> <t:{ $at }:f>
reset-free = ✅ { $done }; Midjourney no longer holds it.
reset-already-fine = ✅ Midjourney channel `{ $mj }` works again already; nothing was reset.
reset-held = ⚠️ { $done }, but Midjourney still holds it: resolve the moderation message or CAPTCHA in Midjourney's Discord channel first, then { $again }.
reset-again-press = press “{ reset-button }” again
reset-again-command = run this command again
reset-unknown = ✅ { $done }. The account could not be read again just now; the next check tells whether Midjourney still holds it.

## /mj-channel answers

fallback-default = the server default, Midjourney channel `{ $mj }`
fallback-only = the useapi.net account's only Midjourney channel (with several, map one)
set-done = Commands in <#{ $channel }> and its threads now use Midjourney channel `{ $mj }`.
set-same = <#{ $channel }> already uses Midjourney channel `{ $mj }`; nothing changed.
unset-done = Removed the mapping of <#{ $channel }>. Commands there now use { $fallback }.
unset-same = <#{ $channel }> had no mapping of its own; nothing changed.
default-done = Commands in unmapped channels now use Midjourney channel `{ $mj }`.
default-same = The server default already is `{ $mj }`; nothing changed.
default-cleared = Cleared the server default. Commands in unmapped channels now use { $fallback }.
default-none = There was no server default; nothing changed.
verb-on = /{ $verb } is on again in this server.
verb-off = /{ $verb } is now off in this server and hidden from its command list.
verb-same-on = /{ $verb } already is on in this server; nothing changed.
verb-same-off = /{ $verb } already is off in this server; nothing changed.
audit-on = Every Midjourney command in this server is now recorded in <#{ $channel }>: who typed it, where, and how it ended.
audit-same = <#{ $channel }> already is the audit channel; nothing changed.
audit-off = The audit log is off.
audit-none = There was no audit channel; nothing changed.
account-stored = useapi.net accepted the token: this server's Midjourney commands now use its own account ({ $channels } Midjourney channels). The token is stored sealed and is never shown again, not even to the bot's owner.
account-removed = This server's own useapi.net account was removed; its token is deleted.
account-none = This server had no useapi.net account of its own; nothing changed.
language-set = Audit lines and alerts in this server are now in { $language }.
language-same = Audit lines and alerts in this server already are in { $language }; nothing changed.
language-cleared = Audit lines and alerts in this server now follow the server's primary language.
language-none = No language was chosen for this server; nothing changed.
list-title = **Midjourney channel mapping**
list-empty = No channel is mapped yet. Use `/mj-channel set`.
list-elsewhere = Everywhere else: `{ $mj }`
list-elsewhere-fallback = Everywhere else: { $fallback }.
list-turned-off = Turned off: { $verbs }
list-audit = Audit log: <#{ $channel }>
list-audit-failing = Audit log: <#{ $channel }> ⚠️ the last post there failed: check the bot's View Channel and Send Messages permissions there
list-audit-off = Audit log: off
list-language = Language of audit lines and alerts: { $language }
list-unchecked = The ids could not be checked with useapi.net: { $error }
list-account-own = useapi.net account: own account, verified <t:{ $at }:R>, { $channels } Midjourney channels
list-account-operator = useapi.net account: the bot owner's account
list-account-none = useapi.net account: none: add this server's own with `/mj-channel account set`
mark-pending = ⚠️ pending moderation{ $said }: { fix-pending }
mark-missing = ⚠️ not configured at useapi.net

## Account alerts and resolved lines (the whole server reads them)

said-quoted = {" "}(useapi.net says: “{ $said }”)
alert-pending = ⚠️ Midjourney channel `{ $mj }` has a pending moderation message or CAPTCHA{ $said }, so every command that uses it fails. To fix: { fix-pending }.
alert-pending-button = ⚠️ Midjourney channel `{ $mj }` has a pending moderation message or CAPTCHA{ $said }, so every command that uses it fails. To fix: resolve it in Midjourney's Discord channel, then a server admin presses “{ reset-button }” below.
alert-missing = ⚠️ Midjourney channel `{ $mj }` is no longer configured at useapi.net, so every command mapped to it fails. To fix: add the account at useapi.net again, or map another channel with `/mj-channel set`.
alert-works-again = ✅ Midjourney channel `{ $mj }` works again.
alert-resolved = ✅ Midjourney channel `{ $mj }` works again: the pending moderation is resolved.
alert-configured-again = ✅ Midjourney channel `{ $mj }` works again: it is configured at useapi.net again.
alert-subscription-back = ✅ The useapi.net subscription is active again; Midjourney commands work again.
alert-token-back = ✅ useapi.net accepts the bot's API token again; Midjourney commands work again.
alert-own-token-back = ✅ useapi.net accepts this server's own API token again; Midjourney commands work again.
trouble-credit = ⚠️ useapi.net reports no active subscription (HTTP 402), so every Midjourney command fails. To fix: the bot's admin should renew the useapi.net subscription.
trouble-own-credit = ⚠️ useapi.net reports no active subscription for this server's own account (HTTP 402), so every Midjourney command fails. To fix: a server admin should renew the useapi.net subscription.
trouble-token = ⚠️ useapi.net refuses the bot's API token (HTTP 401 or 403), so every Midjourney command fails. To fix: the bot's admin should check USEAPI_TOKEN.
trouble-own-token = ⚠️ useapi.net no longer accepts this server's own API token (HTTP 401 or 403), so every Midjourney command fails. To fix: a server admin must enter the server's token again with `/mj-channel account set`.

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> /{ $command } in <#{ $channel }> → { $mj }: { $outcome }
audit-mj = Midjourney channel `{ $mj }`
audit-account-default = account default
audit-no-text = (no text)
audit-job = job { $status }
audit-no-answer = no answer within { $secs } s
audit-unreachable = useapi.net unreachable
audit-broke-off = connection to useapi.net broke off
audit-unexpected-body = HTTP { $status }, unexpected body
audit-status = HTTP { $status }
audit-reset = pendingModMessage reset at useapi.net
audit-reset-held = pendingModMessage reset; Midjourney still holds the channel
audit-enabled = 📋 audit log enabled by <@{ $member }>: every Midjourney command in this server is recorded here.
audit-disabled = 📋 audit log turned off by <@{ $member }>.

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }; trying again in { $secs } s…
waiting-busy = useapi.net is busy (HTTP 429)
waiting-status = useapi.net answered HTTP { $status }
waiting-unreachable = useapi.net could not be reached
relay-empty = Midjourney answered without any text.
cut-marker = … (cut: the rest was too long for Discord)
