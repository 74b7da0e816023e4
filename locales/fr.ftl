# mj-bridge : français. Mêmes clés et $paramètres que en-US.ftl.

language-name = Français

## Commands, options and choices (at most 100 characters each)

cmd-fast = Passer Midjourney en mode fast
cmd-relax = Passer Midjourney en mode relax (illimité, plus lent)
cmd-turbo = Passer Midjourney en mode turbo (le plus rapide, consomme plus de temps GPU)
cmd-info = Afficher le panneau d'infos du compte Midjourney
cmd-variability = Activer ou désactiver le mode haute variabilité de Midjourney
cmd-mj-channel = Associer des salons Discord à des salons Midjourney (Gérer le serveur uniquement)
opt-midjourney-channel = Identifiant d'un salon Midjourney configuré sur useapi.net (17 à 20 chiffres)
opt-discord-channel = Salon ou fil Discord (par défaut : celui où tu écris)
opt-verb = La commande
sub-set = Envoyer les commandes d'un salon Discord vers un salon Midjourney
sub-unset = Retirer l'association d'un salon Discord
sub-default = Choisir le salon Midjourney des salons non associés ; laisse vide pour l'effacer
sub-list = Afficher les associations, commandes désactivées et salon d'audit de ce serveur
group-verbs = Activer ou désactiver des commandes Midjourney sur ce serveur
sub-enable = Réactiver une commande
sub-disable = Désactiver une commande sur ce serveur
sub-audit = Consigner chaque commande Midjourney dans un salon ; laisse vide pour arrêter
opt-audit-channel = Salon du journal d'audit (le bot doit pouvoir Voir le salon et Envoyer des messages)
group-account = Le compte useapi.net qu'utilise ce serveur
sub-account-reset = Une fois un message de modération ou CAPTCHA résolu dans Midjourney, le réinitialiser sur useapi.net
sub-account-set = Saisir le token d'API useapi.net de ce serveur (stocké chiffré, visible par personne)
sub-account-clear = Retirer le compte useapi.net propre à ce serveur
sub-language = Choisir la langue des lignes d'audit et des alertes de ce serveur
opt-language = La langue ; « default » suit la langue principale du serveur
choice-language-default = Par défaut : la langue principale du serveur

## The token form (title and label at most 45 characters)

form-title = Compte useapi.net de ce serveur
form-token-label = Token d'API useapi.net
form-token-placeholder = Visible par personne d'autre ; stocké uniquement chiffré

## Buttons (at most 80 characters)

reset-button = Résolu : réinitialiser

## Errors a member reads

error-generic = Un problème est survenu dans le bot. Son admin trouvera les détails dans le journal du bot.
error-database-unreachable = La base de données des paramètres est injoignable ; rien n'a été modifié. Réessaie dans un instant (les commandes continuent d'utiliser les derniers paramètres connus).
error-database-busy = La base de données des paramètres est occupée par une autre modification de ce serveur ; rien n'a été modifié. Réessaie dans un instant.
error-mapping-not-saved = Le bot n'a pas pu enregistrer l'association, donc rien n'a été modifié. Son admin trouvera la raison dans le journal du bot.
error-invalid-id = Rien n'a été modifié : `{ $shown }` n'est pas un identifiant de salon Discord : il doit comporter 17 à 20 chiffres (dans Discord, active le mode développeur, fais un clic droit sur le salon Midjourney et choisis Copier l'identifiant du salon).
error-not-admin = Seuls les membres ayant la permission Gérer le serveur peuvent modifier l'association des salons Midjourney. Rien n'a été modifié.
error-not-in-guild = Cette commande ne fonctionne que sur un serveur.
error-verb-disabled = /{ $verb } est désactivée sur ce serveur. Un admin du serveur peut la réactiver avec `/mj-channel verbs enable verb:{ $verb }`.
error-unknown-mj-channel = useapi.net n'a aucun compte Midjourney configuré pour le salon `{ $mj }`, donc rien n'a été modifié. Ajoute d'abord le compte sur useapi.net (POST /v2/account/midjourney/{ $mj }, voir https://useapi.net/docs/api-v2/post-account-midjourney-channel), puis réessaie.
error-restarting = Le bot redémarre. Réessaie dans un instant.
error-not-enabled-here = Ce bot n'est pas activé pour ce serveur, donc ses commandes n'ont aucun effet ici. Seul le propriétaire du bot peut l'activer.
error-cooling-down = Ici, chaque membre peut envoyer une commande Midjourney toutes les { $period } secondes. Tu pourras envoyer la suivante <t:{ $retry }:R>.
error-audit-cannot-see = Le bot ne peut pas voir <#{ $channel }>, il n'en a donc pas fait le salon d'audit : donne au bot les permissions Voir le salon et Envoyer des messages dans ce salon (Paramètres du salon → Permissions), puis réessaie. Rien n'a été modifié.
error-audit-cannot-send = Le bot voit <#{ $channel }> mais n'a pas la permission Envoyer des messages dans ce salon, il n'en a donc pas fait le salon d'audit : donne au bot Envoyer des messages dans ce salon (Paramètres du salon → Permissions), puis réessaie. Rien n'a été modifié.
error-audit-post-failed = Le bot n'a pas pu publier dans <#{ $channel }> ({ $why }), il n'en a donc pas fait le salon d'audit. Rien n'a été modifié.
why-discord-status = Discord a répondu HTTP { $status }
why-discord-unreachable = Discord était injoignable
error-no-account = Ce serveur n'a aucun compte useapi.net que le bot peut utiliser, donc rien n'a été envoyé. Un admin du serveur peut ajouter le compte propre au serveur avec `/mj-channel account set`.
error-account-unreadable = Le token useapi.net de ce serveur ne peut plus être ouvert (il a été stocké avec une clé que le bot n'a plus, ou il a été altéré), donc rien n'a été envoyé. Un admin du serveur doit le saisir à nouveau avec `/mj-channel account set`.
error-own-accounts-off = Ce bot ne conserve pas de comptes useapi.net propres aux serveurs : son propriétaire n'a pas défini SECRETS_KEY. Rien n'a été modifié.
error-token-refused = useapi.net a refusé ce token ; rien n'a été enregistré. Copie le token d'API de ton compte useapi.net et réessaie `/mj-channel account set`.
error-bad-token = Rien n'a été enregistré : { $why } ; colle uniquement le token d'API de ton compte useapi.net et réessaie `/mj-channel account set`.
bad-token-empty = le champ du token était vide
bad-token-too-long = un token d'API useapi.net fait au plus { $max } caractères, et celui-ci était plus long
bad-token-multi-line = un token d'API useapi.net tient sur une ligne, et celui-ci en avait plusieurs
bad-token-not-one-word = un token d'API useapi.net ne contient ni espace ni caractère de contrôle, et celui-ci en contenait
error-unknown-command = Cette version du bot ne connaît pas cette commande ; elle recevra les commandes actuelles à son prochain démarrage. Si cela se reproduit, préviens le propriétaire du bot.
error-unreadable-command = Ce bot ne sait pas encore lire cette commande : Discord l'a envoyée sous une forme que cette version du bot ne comprend pas. Préviens les admins du serveur ; le propriétaire du bot trouvera les détails dans le journal du bot.
error-reply-refused = Discord a refusé d'afficher ici la réponse de Midjourney, elle n'a donc pas pu être publiée. Réessaie ; si cela se reproduit, l'admin du bot trouvera la raison donnée par Discord dans le journal du bot.
stored-unverified = Il a quand même été enregistré, sans vérification auprès de useapi.net : { $reason }
commands-not-refreshed = (La liste des commandes n'a pas pu être actualisée ; elle le sera au prochain démarrage du bot.)

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = {" "}useapi.net a dit : « { $said } ».
useapi-bad-request = useapi.net a rejeté la requête (HTTP { $status }).{ $said } Un admin du serveur devrait comparer l'association de ce salon, avec `/mj-channel list`, aux comptes Midjourney configurés sur useapi.net.
useapi-token-refused = useapi.net n'a pas accepté le token d'API du bot (HTTP { $status }).{ $said } L'admin du bot devrait vérifier USEAPI_TOKEN.
useapi-no-credit = useapi.net n'indique aucun abonnement actif (HTTP { $status }).{ $said } L'admin du bot devrait renouveler l'abonnement useapi.net.
useapi-gone = useapi.net n'a pas ce point d'accès (HTTP { $status }).{ $said } Le service l'a peut-être retiré (useapi.net a annoncé la fin de sa prise en charge de Midjourney pour le 24/06/2026) ; l'admin du bot devrait vérifier USEAPI_BASE_URL.
useapi-busy = useapi.net est occupé en ce moment (HTTP { $status }).{ $said } Réessaie dans 10 à 30 secondes.
useapi-needs-human = Le compte Midjourney a un message de modération ou un CAPTCHA en attente (HTTP { $status }).{ $said } Quelqu'un doit le résoudre dans le salon Discord de Midjourney ; ensuite, un admin du serveur peut le réinitialiser avec « { reset-button } » sur l'alerte du salon d'audit (ou `/mj-channel account reset`). D'ici là, toutes les commandes échouent, réessayer ne servira donc à rien.
useapi-unavailable = useapi.net ou Midjourney rencontre des difficultés (HTTP { $status }).{ $said } Réessaie dans un instant.
useapi-unexpected = useapi.net a répondu avec un HTTP { $status } inattendu.{ $said }
useapi-job-failed = Midjourney n'a pas terminé la commande (statut du job : { $job }).{ $said } Réessaie dans un instant.
useapi-timeout = useapi.net n'a pas répondu en { $secs ->
    [one] 1 seconde
   *[other] { $secs } secondes
}. Midjourney est peut-être lent ; réessaie dans un instant.
useapi-connect = Le bot n'a pas pu joindre useapi.net. Réessaie dans un instant ; si cela se reproduit, l'admin du bot devrait vérifier USEAPI_BASE_URL et le réseau de la machine.
useapi-transport = La connexion à useapi.net a été interrompue. Réessaie dans un instant.
useapi-queue-full = Trop de commandes attendent useapi.net en ce moment ({ $waiting } dans la file). Réessaie dans une minute.
useapi-invalid-body = useapi.net a répondu HTTP { $status } avec autre chose que le JSON attendu. Réessaie dans un instant ; si cela se reproduit, l'admin du bot devrait vérifier USEAPI_BASE_URL.
own-token-refused = useapi.net n'accepte plus le token d'API propre à ce serveur (HTTP { $status }).{ $said } Un admin du serveur doit saisir à nouveau le token du serveur avec `/mj-channel account set`.
own-no-credit = useapi.net n'indique aucun abonnement actif sur le compte propre à ce serveur (HTTP { $status }).{ $said } Un admin du serveur devrait le renouveler sur useapi.net.

## What ends a pending moderation

fix-pending = résous-le dans le salon Discord de Midjourney, puis réinitialise pendingModMessage sur useapi.net

## A reset of pendingModMessage

reset-not-admin = Seuls les membres ayant la permission Gérer le serveur peuvent réinitialiser un compte Midjourney. Rien n'a été réinitialisé.
reset-not-here = Ce serveur utilise le compte useapi.net du propriétaire du bot, que seul celui-ci peut réinitialiser (`mj-bridge account reset CHANNEL`). Rien n'a été réinitialisé ; préviens le propriétaire du bot.
reset-under-way = Un autre admin réinitialise le salon Midjourney `{ $mj }` en ce moment ; l'alerte indiquera le résultat. Rien d'autre n'a été envoyé.
reset-token-refused-own = useapi.net a refusé le token d'API (HTTP { $status }), donc rien n'a été réinitialisé. Un admin du serveur doit saisir à nouveau le token de ce serveur avec `/mj-channel account set`, puis appuyer de nouveau.
reset-token-refused-operator = useapi.net a refusé le token d'API (HTTP { $status }), donc rien n'a été réinitialisé. Le propriétaire du bot devrait vérifier USEAPI_TOKEN.
reset-not-configured = useapi.net n'a aucun compte Midjourney configuré pour le salon `{ $mj }` (HTTP 404), donc rien n'a été réinitialisé. Vérifie le salon avec `/mj-channel list`, ou ajoute à nouveau le compte sur useapi.net.
reset-failed = useapi.net n'a pas réinitialisé le salon ({ $why }), donc rien n'a été réinitialisé. Appuie de nouveau dans une minute.
why-no-answer = aucune réponse en { $secs } s
why-status = HTTP { $status }
why-useapi-unreachable = useapi.net était injoignable
why-broke-off = la connexion a été interrompue
reset-done = Salon Midjourney `{ $mj }` : pendingModMessage réinitialisé sur useapi.net par <@{ $member }> <t:{ $at }:f>
reset-free = ✅ { $done } ; Midjourney ne le bloque plus.
reset-already-fine = ✅ Le salon Midjourney `{ $mj }` fonctionne déjà à nouveau ; rien n'a été réinitialisé.
reset-held = ⚠️ { $done }, mais Midjourney le bloque encore : résous d'abord le message de modération ou le CAPTCHA dans le salon Discord de Midjourney, puis { $again }.
reset-again-press = appuie de nouveau sur « { reset-button } »
reset-again-command = relance cette commande
reset-unknown = ✅ { $done }. Le compte n'a pas pu être relu tout de suite ; la prochaine vérification dira si Midjourney le bloque encore.

## /mj-channel answers

fallback-default = le salon par défaut du serveur, le salon Midjourney `{ $mj }`
fallback-only = l'unique salon Midjourney du compte useapi.net (s'il y en a plusieurs, associes-en un)
set-done = Les commandes de <#{ $channel }> et de ses fils utilisent désormais le salon Midjourney `{ $mj }`.
set-same = <#{ $channel }> utilise déjà le salon Midjourney `{ $mj }` ; rien n'a été modifié.
unset-done = L'association de <#{ $channel }> a été retirée. Les commandes de ce salon utilisent désormais { $fallback }.
unset-same = <#{ $channel }> n'avait pas d'association propre ; rien n'a été modifié.
default-done = Les commandes des salons non associés utilisent désormais le salon Midjourney `{ $mj }`.
default-same = Le salon par défaut du serveur est déjà `{ $mj }` ; rien n'a été modifié.
default-cleared = Le salon par défaut du serveur a été effacé. Les commandes des salons non associés utilisent désormais { $fallback }.
default-none = Il n'y avait pas de salon par défaut ; rien n'a été modifié.
verb-on = /{ $verb } est réactivée sur ce serveur.
verb-off = /{ $verb } est désormais désactivée sur ce serveur et masquée de sa liste de commandes.
verb-same-on = /{ $verb } est déjà activée sur ce serveur ; rien n'a été modifié.
verb-same-off = /{ $verb } est déjà désactivée sur ce serveur ; rien n'a été modifié.
audit-on = Chaque commande Midjourney de ce serveur est désormais consignée dans <#{ $channel }> : qui l'a tapée, où, et comment elle s'est terminée.
audit-same = <#{ $channel }> est déjà le salon d'audit ; rien n'a été modifié.
audit-off = Le journal d'audit est désactivé.
audit-none = Il n'y avait pas de salon d'audit ; rien n'a été modifié.
account-stored = useapi.net a accepté le token : les commandes Midjourney de ce serveur utilisent désormais son propre compte ({ $channels } salons Midjourney). Le token est stocké scellé et ne sera plus jamais affiché, pas même au propriétaire du bot.
account-removed = Le compte useapi.net propre à ce serveur a été retiré ; son token est supprimé.
account-none = Ce serveur n'avait pas de compte useapi.net propre ; rien n'a été modifié.
language-set = Les lignes d'audit et les alertes de ce serveur sont désormais en { $language }.
language-same = Les lignes d'audit et les alertes de ce serveur sont déjà en { $language } ; rien n'a été modifié.
language-cleared = Les lignes d'audit et les alertes de ce serveur suivent désormais la langue principale du serveur.
language-none = Aucune langue n'était choisie pour ce serveur ; rien n'a été modifié.
list-title = **Association des salons Midjourney**
list-empty = Aucun salon n'est encore associé. Utilise `/mj-channel set`.
list-elsewhere = Partout ailleurs : `{ $mj }`
list-elsewhere-fallback = Partout ailleurs : { $fallback }.
list-turned-off = Désactivées : { $verbs }
list-audit = Journal d'audit : <#{ $channel }>
list-audit-failing = Journal d'audit : <#{ $channel }> ⚠️ la dernière publication y a échoué : vérifie les permissions Voir le salon et Envoyer des messages du bot dans ce salon
list-audit-off = Journal d'audit : désactivé
list-language = Langue des lignes d'audit et des alertes : { $language }
list-unchecked = Impossible de vérifier les identifiants auprès de useapi.net : { $error }
list-account-own = Compte useapi.net : compte propre, vérifié <t:{ $at }:R>, { $channels } salons Midjourney
list-account-operator = Compte useapi.net : celui du propriétaire du bot
list-account-none = Compte useapi.net : aucun : ajoute celui de ce serveur avec `/mj-channel account set`
mark-pending = ⚠️ modération en attente{ $said } : { fix-pending }
mark-missing = ⚠️ non configuré sur useapi.net

## Account alerts and resolved lines (the whole server reads them)

said-quoted = {" "}(useapi.net dit : « { $said } »)
alert-pending = ⚠️ Le salon Midjourney `{ $mj }` a un message de modération ou un CAPTCHA en attente{ $said }, donc toutes les commandes qui l'utilisent échouent. Pour corriger : { fix-pending }.
alert-pending-button = ⚠️ Le salon Midjourney `{ $mj }` a un message de modération ou un CAPTCHA en attente{ $said }, donc toutes les commandes qui l'utilisent échouent. Pour corriger : résous-le dans le salon Discord de Midjourney, puis un admin du serveur appuie sur « { reset-button } » ci-dessous.
alert-missing = ⚠️ Le salon Midjourney `{ $mj }` n'est plus configuré sur useapi.net, donc toutes les commandes qui lui sont associées échouent. Pour corriger : ajoute à nouveau le compte sur useapi.net, ou associe un autre salon avec `/mj-channel set`.
alert-works-again = ✅ Le salon Midjourney `{ $mj }` fonctionne à nouveau.
alert-resolved = ✅ Le salon Midjourney `{ $mj }` fonctionne à nouveau : la modération en attente est résolue.
alert-configured-again = ✅ Le salon Midjourney `{ $mj }` fonctionne à nouveau : il est de nouveau configuré sur useapi.net.
alert-subscription-back = ✅ L'abonnement useapi.net est de nouveau actif ; les commandes Midjourney fonctionnent à nouveau.
alert-token-back = ✅ useapi.net accepte de nouveau le token d'API du bot ; les commandes Midjourney fonctionnent à nouveau.
alert-own-token-back = ✅ useapi.net accepte de nouveau le token d'API propre à ce serveur ; les commandes Midjourney fonctionnent à nouveau.
trouble-credit = ⚠️ useapi.net n'indique aucun abonnement actif (HTTP 402), donc toutes les commandes Midjourney échouent. Pour corriger : l'admin du bot devrait renouveler l'abonnement useapi.net.
trouble-own-credit = ⚠️ useapi.net n'indique aucun abonnement actif pour le compte propre à ce serveur (HTTP 402), donc toutes les commandes Midjourney échouent. Pour corriger : un admin du serveur devrait renouveler l'abonnement useapi.net.
trouble-token = ⚠️ useapi.net refuse le token d'API du bot (HTTP 401 ou 403), donc toutes les commandes Midjourney échouent. Pour corriger : l'admin du bot devrait vérifier USEAPI_TOKEN.
trouble-own-token = ⚠️ useapi.net n'accepte plus le token d'API propre à ce serveur (HTTP 401 ou 403), donc toutes les commandes Midjourney échouent. Pour corriger : un admin du serveur doit saisir à nouveau le token du serveur avec `/mj-channel account set`.

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> /{ $command } dans <#{ $channel }> → { $mj } : { $outcome }
audit-mj = salon Midjourney `{ $mj }`
audit-account-default = salon par défaut du compte
audit-no-text = (aucun texte)
audit-job = job { $status }
audit-no-answer = aucune réponse en { $secs } s
audit-unreachable = useapi.net injoignable
audit-broke-off = connexion à useapi.net interrompue
audit-unexpected-body = HTTP { $status }, contenu inattendu
audit-status = HTTP { $status }
audit-reset = pendingModMessage réinitialisé sur useapi.net
audit-reset-held = pendingModMessage réinitialisé ; Midjourney bloque encore le salon
audit-enabled = 📋 journal d'audit activé par <@{ $member }> : chaque commande Midjourney de ce serveur est consignée ici.
audit-disabled = 📋 journal d'audit désactivé par <@{ $member }>.

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why } ; nouvel essai dans { $secs } s…
waiting-busy = useapi.net est occupé (HTTP 429)
waiting-status = useapi.net a répondu HTTP { $status }
waiting-unreachable = useapi.net était injoignable
relay-empty = Midjourney a répondu sans aucun texte.
cut-marker = … (coupé : la suite était trop longue pour Discord)
