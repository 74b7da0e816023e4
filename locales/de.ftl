# mj-bridge: Deutsch. Gleiche Schlüssel und $Platzhalter wie en-US.ftl.

language-name = Deutsch

## Commands, options and choices (at most 100 characters each)

cmd-fast = Midjourney in den Fast-Modus schalten
cmd-relax = Midjourney in den Relax-Modus schalten (unbegrenzt, langsamer)
cmd-turbo = Midjourney in den Turbo-Modus schalten (am schnellsten, verbraucht mehr GPU-Zeit)
cmd-info = Das Info-Panel des Midjourney-Kontos anzeigen
cmd-variability = Den High-Variability-Modus von Midjourney ein- oder ausschalten
cmd-mj-channel = Discord-Kanäle Midjourney-Kanälen zuordnen (nur mit „Server verwalten“)
opt-midjourney-channel = ID eines bei useapi.net eingerichteten Midjourney-Kanals (17–20 Ziffern)
opt-discord-channel = Discord-Kanal oder Thread (Standard: der, in dem du gerade schreibst)
opt-verb = Der Befehl
sub-set = Befehle aus einem Discord-Kanal an einen Midjourney-Kanal senden
sub-unset = Die Zuordnung eines Discord-Kanals entfernen
sub-default = Midjourney-Kanal für nicht zugeordnete Kanäle festlegen; leer lassen zum Entfernen
sub-list = Zuordnung, ausgeschaltete Befehle und Audit-Kanal dieses Servers anzeigen
group-verbs = Midjourney-Befehle auf diesem Server ein- oder ausschalten
sub-enable = Einen Befehl wieder einschalten
sub-disable = Einen Befehl auf diesem Server ausschalten
sub-audit = Jeden Midjourney-Befehl in einem Kanal protokollieren; leer lassen zum Beenden
opt-audit-channel = Kanal für das Audit-Log (der Bot braucht „Kanal ansehen“ und „Nachrichten senden“)
group-account = Das useapi.net-Konto, das dieser Server nutzt
sub-account-reset = Ist eine Moderationsnachricht oder ein CAPTCHA in Midjourney erledigt: bei useapi.net zurücksetzen
sub-account-set = Den useapi.net-API-Token dieses Servers eingeben (verschlüsselt gespeichert, für niemanden sichtbar)
sub-account-clear = Das eigene useapi.net-Konto dieses Servers entfernen
sub-language = Sprache der Audit-Zeilen und Warnungen auf diesem Server wählen
opt-language = Die Sprache; „default“ folgt der Hauptsprache des Servers
choice-language-default = Standard: die Hauptsprache des Servers

## The token form (title and label at most 45 characters)

form-title = useapi.net-Konto dieses Servers
form-token-label = useapi.net-API-Token
form-token-placeholder = Für niemanden sonst sichtbar; nur verschlüsselt gespeichert

## Buttons (at most 80 characters)

reset-button = Erledigt: zurücksetzen

## Errors a member reads

error-generic = Im Bot ist etwas schiefgelaufen. Sein Admin findet die Details im Log des Bots.
error-database-unreachable = Die Einstellungsdatenbank ist nicht erreichbar; es wurde nichts geändert. Versuch es gleich noch einmal (Befehle nutzen weiter die zuletzt bekannten Einstellungen).
error-database-busy = Die Einstellungsdatenbank ist gerade mit einer anderen Änderung an diesem Server beschäftigt; es wurde nichts geändert. Versuch es gleich noch einmal.
error-mapping-not-saved = Der Bot konnte die Zuordnung nicht speichern, daher wurde nichts geändert. Sein Admin findet den Grund im Log des Bots.
error-invalid-id = Es wurde nichts geändert: `{ $shown }` ist keine Discord-Kanal-ID: Sie muss aus 17 bis 20 Ziffern bestehen (aktiviere in Discord den Entwicklermodus, klicke mit der rechten Maustaste auf den Midjourney-Kanal und wähle „Kanal-ID kopieren“).
error-not-admin = Nur Mitglieder mit der Berechtigung „Server verwalten“ können die Zuordnung der Midjourney-Kanäle ändern. Es wurde nichts geändert.
error-not-in-guild = Dieser Befehl funktioniert nur auf einem Server.
error-verb-disabled = /{ $verb } ist auf diesem Server ausgeschaltet. Ein Server-Admin kann ihn mit `/mj-channel verbs enable verb:{ $verb }` wieder einschalten.
error-unknown-mj-channel = useapi.net hat kein Midjourney-Konto für den Kanal `{ $mj }` eingerichtet, daher wurde nichts geändert. Richte das Konto zuerst bei useapi.net ein (POST /v2/account/midjourney/{ $mj }, siehe https://useapi.net/docs/api-v2/post-account-midjourney-channel) und versuch es dann erneut.
error-restarting = Der Bot startet gerade neu. Bitte versuch es gleich noch einmal.
error-not-enabled-here = Dieser Bot ist für diesen Server nicht freigeschaltet, daher bewirken seine Befehle hier nichts. Nur der Betreiber des Bots kann ihn freischalten.
error-cooling-down = Hier kann jedes Mitglied alle { $period } Sekunden einen Midjourney-Befehl senden. Deinen nächsten kannst du <t:{ $retry }:R> senden.
error-audit-cannot-see = Der Bot kann <#{ $channel }> nicht sehen, daher wurde er nicht zum Audit-Kanal gemacht: Gib dem Bot dort „Kanal ansehen“ und „Nachrichten senden“ (Kanaleinstellungen → Berechtigungen) und versuch es dann erneut. Es wurde nichts geändert.
error-audit-cannot-send = Der Bot kann <#{ $channel }> sehen, hat dort aber nicht „Nachrichten senden“, daher wurde er nicht zum Audit-Kanal gemacht: Gib dem Bot dort „Nachrichten senden“ (Kanaleinstellungen → Berechtigungen) und versuch es dann erneut. Es wurde nichts geändert.
error-audit-post-failed = Der Bot konnte nicht in <#{ $channel }> posten ({ $why }), daher wurde er nicht zum Audit-Kanal gemacht. Es wurde nichts geändert.
why-discord-status = Discord antwortete mit HTTP { $status }
why-discord-unreachable = Discord war nicht erreichbar
error-no-account = Dieser Server hat kein useapi.net-Konto, das der Bot nutzen darf, daher wurde nichts gesendet. Ein Server-Admin kann mit `/mj-channel account set` ein eigenes Konto für den Server hinzufügen.
error-account-unreadable = Der useapi.net-Token dieses Servers lässt sich nicht mehr öffnen (er wurde mit einem Schlüssel gespeichert, den der Bot nicht mehr hat, oder er wurde verändert), daher wurde nichts gesendet. Ein Server-Admin muss ihn mit `/mj-channel account set` neu eingeben.
error-own-accounts-off = Dieser Bot verwaltet keine eigenen useapi.net-Konten von Servern: Sein Betreiber hat SECRETS_KEY nicht gesetzt. Es wurde nichts geändert.
error-token-refused = useapi.net hat diesen Token abgelehnt; es wurde nichts gespeichert. Kopiere den API-Token aus deinem useapi.net-Konto und versuch `/mj-channel account set` erneut.
error-bad-token = Es wurde nichts gespeichert: { $why }; füge nur den API-Token aus deinem useapi.net-Konto ein und versuch `/mj-channel account set` erneut.
bad-token-empty = Das Token-Feld war leer
bad-token-too-long = Ein useapi.net-API-Token hat höchstens { $max } Zeichen, und dieser war länger
bad-token-multi-line = Ein useapi.net-API-Token besteht aus einer Zeile, und dieser hatte mehrere
bad-token-not-one-word = Ein useapi.net-API-Token enthält keine Leer- oder Steuerzeichen, und dieser schon
error-unknown-command = Diese Version des Bots kennt diesen Befehl nicht; sie holt sich beim nächsten Start die aktuellen Befehle. Falls das weiter passiert, sag bitte dem Betreiber des Bots Bescheid.
error-unreadable-command = Dieser Bot kann diesen Befehl noch nicht lesen: Discord hat ihn in einer Form gesendet, die diese Version des Bots nicht versteht. Bitte sag den Admins des Servers Bescheid; der Betreiber des Bots findet die Details im Log des Bots.
error-reply-refused = Discord hat sich geweigert, die Antwort von Midjourney hier anzuzeigen, daher konnte sie nicht gepostet werden. Bitte versuch es erneut; falls das weiter passiert, findet der Admin des Bots den Grund von Discord im Log des Bots.
stored-unverified = Sie wurde trotzdem gespeichert, ohne Prüfung bei useapi.net: { $reason }
commands-not-refreshed = (Die Befehlsliste konnte nicht aktualisiert werden; das geschieht beim nächsten Start des Bots.)

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = {" "}useapi.net meldete: „{ $said }“.
useapi-bad-request = useapi.net hat die Anfrage abgelehnt (HTTP { $status }).{ $said } Ein Server-Admin sollte die Zuordnung dieses Kanals mit `/mj-channel list` mit den bei useapi.net eingerichteten Midjourney-Konten abgleichen.
useapi-token-refused = useapi.net hat den API-Token des Bots nicht akzeptiert (HTTP { $status }).{ $said } Der Admin des Bots sollte USEAPI_TOKEN prüfen.
useapi-no-credit = useapi.net meldet kein aktives Abo (HTTP { $status }).{ $said } Der Admin des Bots sollte das useapi.net-Abo verlängern.
useapi-gone = useapi.net hat keinen solchen Endpunkt (HTTP { $status }).{ $said } Der Dienst hat ihn womöglich eingestellt (useapi.net hat das Ende seiner Midjourney-Unterstützung für den 24.06.2026 angekündigt); der Admin des Bots sollte USEAPI_BASE_URL prüfen.
useapi-busy = useapi.net ist gerade ausgelastet (HTTP { $status }).{ $said } Bitte versuch es in 10 bis 30 Sekunden erneut.
useapi-needs-human = Das Midjourney-Konto hat eine offene Moderationsnachricht oder ein CAPTCHA (HTTP { $status }).{ $said } Jemand muss das im Discord-Kanal von Midjourney erledigen; danach kann ein Server-Admin es mit „{ reset-button }“ an der Warnung im Audit-Kanal zurücksetzen (oder mit `/mj-channel account reset`). Bis dahin schlägt jeder Befehl fehl, ein erneuter Versuch hilft also nicht.
useapi-unavailable = useapi.net oder Midjourney hat gerade Probleme (HTTP { $status }).{ $said } Bitte versuch es gleich noch einmal.
useapi-unexpected = useapi.net antwortete mit einem unerwarteten HTTP { $status }.{ $said }
useapi-job-failed = Midjourney hat den Befehl nicht abgeschlossen (Job-Status: { $job }).{ $said } Bitte versuch es gleich noch einmal.
useapi-timeout = useapi.net hat nicht innerhalb von { $secs ->
    [one] 1 Sekunde
   *[other] { $secs } Sekunden
} geantwortet. Midjourney ist vielleicht langsam; bitte versuch es gleich noch einmal.
useapi-connect = Der Bot konnte useapi.net nicht erreichen. Bitte versuch es gleich noch einmal; falls das weiter passiert, sollte der Admin des Bots USEAPI_BASE_URL und das Netzwerk des Hosts prüfen.
useapi-transport = Die Verbindung zu useapi.net ist abgebrochen. Bitte versuch es gleich noch einmal.
useapi-queue-full = Gerade warten zu viele Befehle auf useapi.net ({ $waiting } in der Warteschlange). Bitte versuch es in einer Minute erneut.
useapi-invalid-body = useapi.net antwortete mit HTTP { $status }, aber nicht mit dem erwarteten JSON. Bitte versuch es gleich noch einmal; falls das weiter passiert, sollte der Admin des Bots USEAPI_BASE_URL prüfen.
own-token-refused = useapi.net akzeptiert den eigenen API-Token dieses Servers nicht mehr (HTTP { $status }).{ $said } Ein Server-Admin muss den Token des Servers mit `/mj-channel account set` neu eingeben.
own-no-credit = useapi.net meldet kein aktives Abo für das eigene Konto dieses Servers (HTTP { $status }).{ $said } Ein Server-Admin sollte es bei useapi.net verlängern.

## What ends a pending moderation

fix-pending = erledige sie im Discord-Kanal von Midjourney und setze dann pendingModMessage bei useapi.net zurück

## A reset of pendingModMessage

reset-not-admin = Nur Mitglieder mit der Berechtigung „Server verwalten“ können ein Midjourney-Konto zurücksetzen. Es wurde nichts zurückgesetzt.
reset-not-here = Dieser Server nutzt das useapi.net-Konto des Bot-Betreibers, das nur der Betreiber zurücksetzen kann (`mj-bridge account reset CHANNEL`). Es wurde nichts zurückgesetzt; bitte sag dem Betreiber des Bots Bescheid.
reset-under-way = Ein anderer Admin setzt den Midjourney-Kanal `{ $mj }` gerade zurück; die Warnung zeigt, wie es ausgegangen ist. Es wurde nichts weiter gesendet.
reset-token-refused-own = useapi.net hat den API-Token abgelehnt (HTTP { $status }), daher wurde nichts zurückgesetzt. Ein Server-Admin muss den Token dieses Servers mit `/mj-channel account set` neu eingeben und dann erneut drücken.
reset-token-refused-operator = useapi.net hat den API-Token abgelehnt (HTTP { $status }), daher wurde nichts zurückgesetzt. Der Betreiber des Bots sollte USEAPI_TOKEN prüfen.
reset-not-configured = useapi.net hat kein Midjourney-Konto für den Kanal `{ $mj }` eingerichtet (HTTP 404), daher wurde nichts zurückgesetzt. Prüfe den Kanal mit `/mj-channel list` oder richte das Konto bei useapi.net erneut ein.
reset-failed = useapi.net hat den Kanal nicht zurückgesetzt ({ $why }), daher wurde nichts zurückgesetzt. Bitte drück in einer Minute erneut.
why-no-answer = keine Antwort innerhalb von { $secs } s
why-status = HTTP { $status }
why-useapi-unreachable = useapi.net war nicht erreichbar
why-broke-off = die Verbindung ist abgebrochen
reset-done = Midjourney-Kanal `{ $mj }`: pendingModMessage bei useapi.net zurückgesetzt von <@{ $member }> <t:{ $at }:f>
reset-free = ✅ { $done }; Midjourney hält ihn nicht mehr fest.
reset-already-fine = ✅ Der Midjourney-Kanal `{ $mj }` funktioniert bereits wieder; es wurde nichts zurückgesetzt.
reset-held = ⚠️ { $done }, aber Midjourney hält ihn noch fest: Erledige zuerst die Moderationsnachricht oder das CAPTCHA im Discord-Kanal von Midjourney, dann { $again }.
reset-again-press = drück erneut auf „{ reset-button }“
reset-again-command = führe diesen Befehl erneut aus
reset-unknown = ✅ { $done }. Das Konto konnte gerade nicht erneut gelesen werden; die nächste Prüfung zeigt, ob Midjourney ihn noch festhält.

## /mj-channel answers

fallback-default = den Server-Standard, Midjourney-Kanal `{ $mj }`
fallback-only = den einzigen Midjourney-Kanal des useapi.net-Kontos (bei mehreren: ordne einen zu)
set-done = Befehle in <#{ $channel }> und seinen Threads nutzen jetzt den Midjourney-Kanal `{ $mj }`.
set-same = <#{ $channel }> nutzt bereits den Midjourney-Kanal `{ $mj }`; es wurde nichts geändert.
unset-done = Die Zuordnung von <#{ $channel }> wurde entfernt. Befehle dort nutzen jetzt { $fallback }.
unset-same = <#{ $channel }> hatte keine eigene Zuordnung; es wurde nichts geändert.
default-done = Befehle in nicht zugeordneten Kanälen nutzen jetzt den Midjourney-Kanal `{ $mj }`.
default-same = Der Server-Standard ist bereits `{ $mj }`; es wurde nichts geändert.
default-cleared = Der Server-Standard wurde entfernt. Befehle in nicht zugeordneten Kanälen nutzen jetzt { $fallback }.
default-none = Es gab keinen Server-Standard; es wurde nichts geändert.
verb-on = /{ $verb } ist auf diesem Server wieder eingeschaltet.
verb-off = /{ $verb } ist auf diesem Server jetzt ausgeschaltet und aus seiner Befehlsliste ausgeblendet.
verb-same-on = /{ $verb } ist auf diesem Server bereits eingeschaltet; es wurde nichts geändert.
verb-same-off = /{ $verb } ist auf diesem Server bereits ausgeschaltet; es wurde nichts geändert.
audit-on = Jeder Midjourney-Befehl auf diesem Server wird jetzt in <#{ $channel }> protokolliert: wer ihn eingegeben hat, wo und wie er ausging.
audit-same = <#{ $channel }> ist bereits der Audit-Kanal; es wurde nichts geändert.
audit-off = Das Audit-Log ist ausgeschaltet.
audit-none = Es gab keinen Audit-Kanal; es wurde nichts geändert.
account-stored = useapi.net hat den Token akzeptiert: Die Midjourney-Befehle dieses Servers nutzen jetzt sein eigenes Konto ({ $channels } Midjourney-Kanäle). Der Token wird versiegelt gespeichert und nie wieder angezeigt, auch nicht dem Betreiber des Bots.
account-removed = Das eigene useapi.net-Konto dieses Servers wurde entfernt; sein Token ist gelöscht.
account-none = Dieser Server hatte kein eigenes useapi.net-Konto; es wurde nichts geändert.
language-set = Audit-Zeilen und Warnungen auf diesem Server sind jetzt auf { $language }.
language-same = Audit-Zeilen und Warnungen auf diesem Server sind bereits auf { $language }; es wurde nichts geändert.
language-cleared = Audit-Zeilen und Warnungen auf diesem Server folgen jetzt der Hauptsprache des Servers.
language-none = Für diesen Server war keine Sprache gewählt; es wurde nichts geändert.
list-title = **Zuordnung der Midjourney-Kanäle**
list-empty = Noch ist kein Kanal zugeordnet. Nutze `/mj-channel set`.
list-elsewhere = Überall sonst: `{ $mj }`
list-elsewhere-fallback = Überall sonst: { $fallback }.
list-turned-off = Ausgeschaltet: { $verbs }
list-audit = Audit-Log: <#{ $channel }>
list-audit-failing = Audit-Log: <#{ $channel }> ⚠️ der letzte Post dort ist fehlgeschlagen: Prüfe dort die Berechtigungen „Kanal ansehen“ und „Nachrichten senden“ des Bots
list-audit-off = Audit-Log: aus
list-language = Sprache der Audit-Zeilen und Warnungen: { $language }
list-unchecked = Die IDs konnten nicht bei useapi.net geprüft werden: { $error }
list-account-own = useapi.net-Konto: eigenes Konto, geprüft <t:{ $at }:R>, { $channels } Midjourney-Kanäle
list-account-operator = useapi.net-Konto: das Konto des Bot-Betreibers
list-account-none = useapi.net-Konto: keins: füge mit `/mj-channel account set` ein eigenes für diesen Server hinzu
mark-pending = ⚠️ offene Moderation{ $said }: { fix-pending }
mark-missing = ⚠️ bei useapi.net nicht eingerichtet

## Account alerts and resolved lines (the whole server reads them)

said-quoted = {" "}(useapi.net meldet: „{ $said }“)
alert-pending = ⚠️ Der Midjourney-Kanal `{ $mj }` hat eine offene Moderationsnachricht oder ein CAPTCHA{ $said }, daher schlägt jeder Befehl fehl, der ihn nutzt. Lösung: { fix-pending }.
alert-pending-button = ⚠️ Der Midjourney-Kanal `{ $mj }` hat eine offene Moderationsnachricht oder ein CAPTCHA{ $said }, daher schlägt jeder Befehl fehl, der ihn nutzt. Lösung: erledige sie im Discord-Kanal von Midjourney, dann drückt ein Server-Admin unten auf „{ reset-button }“.
alert-missing = ⚠️ Der Midjourney-Kanal `{ $mj }` ist bei useapi.net nicht mehr eingerichtet, daher schlägt jeder ihm zugeordnete Befehl fehl. Lösung: richte das Konto bei useapi.net erneut ein oder ordne mit `/mj-channel set` einen anderen Kanal zu.
alert-works-again = ✅ Der Midjourney-Kanal `{ $mj }` funktioniert wieder.
alert-resolved = ✅ Der Midjourney-Kanal `{ $mj }` funktioniert wieder: Die offene Moderation ist erledigt.
alert-configured-again = ✅ Der Midjourney-Kanal `{ $mj }` funktioniert wieder: Er ist wieder bei useapi.net eingerichtet.
alert-subscription-back = ✅ Das useapi.net-Abo ist wieder aktiv; Midjourney-Befehle funktionieren wieder.
alert-token-back = ✅ useapi.net akzeptiert den API-Token des Bots wieder; Midjourney-Befehle funktionieren wieder.
alert-own-token-back = ✅ useapi.net akzeptiert den eigenen API-Token dieses Servers wieder; Midjourney-Befehle funktionieren wieder.
trouble-credit = ⚠️ useapi.net meldet kein aktives Abo (HTTP 402), daher schlägt jeder Midjourney-Befehl fehl. Lösung: Der Admin des Bots sollte das useapi.net-Abo verlängern.
trouble-own-credit = ⚠️ useapi.net meldet kein aktives Abo für das eigene Konto dieses Servers (HTTP 402), daher schlägt jeder Midjourney-Befehl fehl. Lösung: Ein Server-Admin sollte das useapi.net-Abo verlängern.
trouble-token = ⚠️ useapi.net lehnt den API-Token des Bots ab (HTTP 401 oder 403), daher schlägt jeder Midjourney-Befehl fehl. Lösung: Der Admin des Bots sollte USEAPI_TOKEN prüfen.
trouble-own-token = ⚠️ useapi.net akzeptiert den eigenen API-Token dieses Servers nicht mehr (HTTP 401 oder 403), daher schlägt jeder Midjourney-Befehl fehl. Lösung: Ein Server-Admin muss den Token des Servers mit `/mj-channel account set` neu eingeben.

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> /{ $command } in <#{ $channel }> → { $mj }: { $outcome }
audit-mj = Midjourney-Kanal `{ $mj }`
audit-account-default = Standard des Kontos
audit-no-text = (kein Text)
audit-job = Job { $status }
audit-no-answer = keine Antwort innerhalb von { $secs } s
audit-unreachable = useapi.net nicht erreichbar
audit-broke-off = Verbindung zu useapi.net abgebrochen
audit-unexpected-body = HTTP { $status }, unerwarteter Inhalt
audit-status = HTTP { $status }
audit-reset = pendingModMessage bei useapi.net zurückgesetzt
audit-reset-held = pendingModMessage zurückgesetzt; Midjourney hält den Kanal noch fest
audit-enabled = 📋 Audit-Log eingeschaltet von <@{ $member }>: Jeder Midjourney-Befehl auf diesem Server wird hier protokolliert.
audit-disabled = 📋 Audit-Log ausgeschaltet von <@{ $member }>.

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }; neuer Versuch in { $secs } s …
waiting-busy = useapi.net ist ausgelastet (HTTP 429)
waiting-status = useapi.net antwortete mit HTTP { $status }
waiting-unreachable = useapi.net war nicht erreichbar
relay-empty = Midjourney hat ohne Text geantwortet.
cut-marker = … (gekürzt: der Rest war zu lang für Discord)
