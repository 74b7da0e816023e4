# mj-bridge: español (España). Mismas claves y $marcadores que en-US.ftl.

language-name = Español

## Commands, options and choices (at most 100 characters each)

cmd-fast = Cambiar Midjourney al modo fast
cmd-relax = Cambiar Midjourney al modo relax (ilimitado, más lento)
cmd-turbo = Cambiar Midjourney al modo turbo (el más rápido, usa más tiempo de GPU)
cmd-info = Mostrar el panel de información de la cuenta de Midjourney
cmd-variability = Activar o desactivar el modo de alta variabilidad de Midjourney
cmd-mj-channel = Asignar canales de Discord a canales de Midjourney (solo con Gestionar servidor)
opt-midjourney-channel = ID de un canal de Midjourney configurado en useapi.net (17–20 dígitos)
opt-discord-channel = Canal o hilo de Discord (por defecto: aquel en el que escribes)
opt-verb = El comando
sub-set = Enviar los comandos de un canal de Discord a un canal de Midjourney
sub-unset = Quitar la asignación de un canal de Discord
sub-default = Elegir el canal de Midjourney de los canales sin asignar; déjalo vacío para quitarlo
sub-list = Ver las asignaciones, los comandos desactivados y el canal de auditoría de este servidor
group-verbs = Activar o desactivar comandos de Midjourney en este servidor
sub-enable = Volver a activar un comando
sub-disable = Desactivar un comando en este servidor
sub-audit = Registrar cada comando de Midjourney en un canal; déjalo vacío para dejar de hacerlo
opt-audit-channel = Canal del registro de auditoría (el bot necesita Ver canal y Enviar mensajes)
group-account = La cuenta de useapi.net que usa este servidor
sub-account-reset = Cuando se resuelva un mensaje de moderación o CAPTCHA en Midjourney, restablécelo en useapi.net
sub-account-set = Introducir el token de API de useapi.net de este servidor (se guarda cifrado, nadie lo ve)
sub-account-clear = Quitar la cuenta propia de useapi.net de este servidor
sub-language = Elegir el idioma de las líneas de auditoría y los avisos de este servidor
opt-language = El idioma; «default» sigue el idioma principal del servidor
choice-language-default = Predeterminado: el idioma principal del servidor

## The token form (title and label at most 45 characters)

form-title = Cuenta de useapi.net de este servidor
form-token-label = Token de API de useapi.net
form-token-placeholder = Nadie más lo ve; solo se guarda cifrado

## Buttons (at most 80 characters)

reset-button = Resuelto: restablecer

## Errors a member reads

error-generic = Algo ha fallado dentro del bot. Su administrador puede ver los detalles en el registro del bot.
error-database-unreachable = No se puede acceder a la base de datos de ajustes; no se ha cambiado nada. Inténtalo de nuevo en un momento (los comandos siguen usando los últimos ajustes conocidos).
error-database-busy = La base de datos de ajustes está ocupada con otro cambio de este servidor; no se ha cambiado nada. Inténtalo de nuevo en un momento.
error-mapping-not-saved = El bot no ha podido guardar la asignación, así que no se ha cambiado nada. Su administrador puede ver el motivo en el registro del bot.
error-invalid-id = No se ha cambiado nada: `{ $shown }` no es una ID de canal de Discord: debe tener entre 17 y 20 dígitos (en Discord, activa el Modo desarrollador, haz clic derecho en el canal de Midjourney y elige Copiar ID del canal).
error-not-admin = Solo los miembros con el permiso Gestionar servidor pueden cambiar la asignación de canales de Midjourney. No se ha cambiado nada.
error-not-in-guild = Este comando solo funciona dentro de un servidor.
error-verb-disabled = /{ $verb } está desactivado en este servidor. Un administrador del servidor puede volver a activarlo con `/mj-channel verbs enable verb:{ $verb }`.
error-unknown-mj-channel = useapi.net no tiene ninguna cuenta de Midjourney configurada para el canal `{ $mj }`, así que no se ha cambiado nada. Añade primero la cuenta en useapi.net (POST /v2/account/midjourney/{ $mj }, consulta https://useapi.net/docs/api-v2/post-account-midjourney-channel) y vuelve a intentarlo.
error-restarting = El bot se está reiniciando. Inténtalo de nuevo en un momento.
error-not-enabled-here = Este bot no está habilitado para este servidor, así que sus comandos no hacen nada aquí. Solo el propietario del bot puede habilitarlo.
error-cooling-down = Aquí cada miembro puede enviar un comando de Midjourney cada { $period } segundos. Podrás enviar el siguiente <t:{ $retry }:R>.
error-audit-cannot-see = El bot no puede ver <#{ $channel }>, así que no se ha convertido en el canal de auditoría: dale al bot Ver canal y Enviar mensajes ahí (Ajustes del canal → Permisos) y vuelve a intentarlo. No se ha cambiado nada.
error-audit-cannot-send = El bot puede ver <#{ $channel }> pero no tiene Enviar mensajes ahí, así que no se ha convertido en el canal de auditoría: dale al bot Enviar mensajes ahí (Ajustes del canal → Permisos) y vuelve a intentarlo. No se ha cambiado nada.
error-audit-post-failed = El bot no ha podido publicar en <#{ $channel }> ({ $why }), así que no se ha convertido en el canal de auditoría. No se ha cambiado nada.
why-discord-status = Discord respondió HTTP { $status }
why-discord-unreachable = no se pudo contactar con Discord
error-no-account = Este servidor no tiene ninguna cuenta de useapi.net que el bot pueda usar, así que no se ha enviado nada. Un administrador del servidor puede añadir la cuenta propia del servidor con `/mj-channel account set`.
error-account-unreadable = El token de useapi.net de este servidor ya no se puede abrir (se guardó con una clave que el bot ya no tiene, o se ha alterado), así que no se ha enviado nada. Un administrador del servidor debe volver a introducirlo con `/mj-channel account set`.
error-own-accounts-off = Este bot no guarda cuentas propias de useapi.net de los servidores: su propietario no ha configurado SECRETS_KEY. No se ha cambiado nada.
error-token-refused = useapi.net ha rechazado este token; no se ha guardado nada. Copia el token de API de tu cuenta de useapi.net y vuelve a probar `/mj-channel account set`.
error-bad-token = No se ha guardado nada: { $why }; pega solo el token de API de tu cuenta de useapi.net y vuelve a probar `/mj-channel account set`.
bad-token-empty = el campo del token estaba vacío
bad-token-too-long = un token de API de useapi.net tiene como máximo { $max } caracteres, y este era más largo
bad-token-multi-line = un token de API de useapi.net ocupa una sola línea, y este tenía varias
bad-token-not-one-word = un token de API de useapi.net no contiene espacios ni caracteres de control, y este sí
error-unknown-command = Esta versión del bot no conoce este comando; recibirá los comandos actuales la próxima vez que se inicie. Si sigue pasando, avisa al propietario del bot.
error-unreadable-command = Este bot todavía no puede leer este comando: Discord lo ha enviado en un formato que esta versión del bot no entiende. Avisa a los administradores del servidor; el propietario del bot puede ver los detalles en el registro del bot.
error-reply-refused = Discord se ha negado a mostrar aquí la respuesta de Midjourney, así que no se ha podido publicar. Inténtalo de nuevo; si sigue pasando, el administrador del bot puede ver el motivo de Discord en el registro del bot.
stored-unverified = Se ha guardado de todos modos, sin verificarlo con useapi.net: { $reason }
commands-not-refreshed = (No se ha podido actualizar la lista de comandos; se actualizará en el próximo inicio del bot).

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = {" "}useapi.net dijo: «{ $said }».
useapi-bad-request = useapi.net ha rechazado la solicitud (HTTP { $status }).{ $said } Un administrador del servidor debería comparar la asignación de este canal con `/mj-channel list` con las cuentas de Midjourney configuradas en useapi.net.
useapi-token-refused = useapi.net no ha aceptado el token de API del bot (HTTP { $status }).{ $said } El administrador del bot debería revisar USEAPI_TOKEN.
useapi-no-credit = useapi.net indica que no hay ninguna suscripción activa (HTTP { $status }).{ $said } El administrador del bot debería renovar la suscripción de useapi.net.
useapi-gone = useapi.net no tiene ese endpoint (HTTP { $status }).{ $said } Puede que el servicio lo haya retirado (useapi.net anunció el fin de su soporte de Midjourney para el 24-06-2026); el administrador del bot debería revisar USEAPI_BASE_URL.
useapi-busy = useapi.net está ocupado ahora mismo (HTTP { $status }).{ $said } Inténtalo de nuevo dentro de 10 a 30 segundos.
useapi-needs-human = La cuenta de Midjourney tiene un mensaje de moderación o CAPTCHA pendiente (HTTP { $status }).{ $said } Alguien debe resolverlo en el canal de Discord de Midjourney; después, un administrador del servidor puede restablecerlo con «{ reset-button }» en el aviso del canal de auditoría (o con `/mj-channel account reset`). Hasta entonces todos los comandos fallan, así que reintentarlo no servirá de nada.
useapi-unavailable = useapi.net o Midjourney tienen problemas (HTTP { $status }).{ $said } Inténtalo de nuevo en breve.
useapi-unexpected = useapi.net respondió con un HTTP { $status } inesperado.{ $said }
useapi-job-failed = Midjourney no ha completado el comando (estado del trabajo: { $job }).{ $said } Inténtalo de nuevo en breve.
useapi-timeout = useapi.net no ha respondido en { $secs ->
    [one] 1 segundo
   *[other] { $secs } segundos
}. Puede que Midjourney vaya lento; inténtalo de nuevo en breve.
useapi-connect = El bot no ha podido conectar con useapi.net. Inténtalo de nuevo en breve; si sigue pasando, el administrador del bot debería revisar USEAPI_BASE_URL y la red del servidor donde se ejecuta.
useapi-transport = Se ha cortado la conexión con useapi.net. Inténtalo de nuevo en breve.
useapi-queue-full = Ahora mismo hay demasiados comandos esperando a useapi.net ({ $waiting } en la cola). Inténtalo de nuevo dentro de un minuto.
useapi-invalid-body = useapi.net respondió HTTP { $status } con algo que no es el JSON esperado. Inténtalo de nuevo en breve; si sigue pasando, el administrador del bot debería revisar USEAPI_BASE_URL.
own-token-refused = useapi.net ya no acepta el token de API propio de este servidor (HTTP { $status }).{ $said } Un administrador del servidor debe volver a introducir el token del servidor con `/mj-channel account set`.
own-no-credit = useapi.net indica que la cuenta propia de este servidor no tiene ninguna suscripción activa (HTTP { $status }).{ $said } Un administrador del servidor debería renovarla en useapi.net.

## What ends a pending moderation

fix-pending = resuélvelo en el canal de Discord de Midjourney y después restablece pendingModMessage en useapi.net

## A reset of pendingModMessage

reset-not-admin = Solo los miembros con el permiso Gestionar servidor pueden restablecer una cuenta de Midjourney. No se ha restablecido nada.
reset-not-here = Este servidor usa la cuenta de useapi.net del propietario del bot, que solo él puede restablecer (`mj-bridge account reset CHANNEL`). No se ha restablecido nada; avisa al propietario del bot.
reset-under-way = Otro administrador está restableciendo ahora mismo el canal de Midjourney `{ $mj }`; el aviso dirá cómo ha ido. No se ha enviado nada más.
reset-token-refused-own = useapi.net ha rechazado el token de API (HTTP { $status }), así que no se ha restablecido nada. Un administrador del servidor debe volver a introducir el token de este servidor con `/mj-channel account set` y volver a pulsar.
reset-token-refused-operator = useapi.net ha rechazado el token de API (HTTP { $status }), así que no se ha restablecido nada. El propietario del bot debería revisar USEAPI_TOKEN.
reset-not-configured = useapi.net no tiene ninguna cuenta de Midjourney configurada para el canal `{ $mj }` (HTTP 404), así que no se ha restablecido nada. Revisa el canal con `/mj-channel list` o vuelve a añadir la cuenta en useapi.net.
reset-failed = useapi.net no ha restablecido el canal ({ $why }), así que no se ha restablecido nada. Vuelve a pulsar dentro de un minuto.
why-no-answer = sin respuesta en { $secs } s
why-status = HTTP { $status }
why-useapi-unreachable = no se pudo contactar con useapi.net
why-broke-off = se cortó la conexión
reset-done = Canal de Midjourney `{ $mj }`: pendingModMessage restablecido en useapi.net por <@{ $member }> <t:{ $at }:f>
reset-free = ✅ { $done }; Midjourney ya no lo retiene.
reset-already-fine = ✅ El canal de Midjourney `{ $mj }` ya vuelve a funcionar; no se ha restablecido nada.
reset-held = ⚠️ { $done }, pero Midjourney todavía lo retiene: primero resuelve el mensaje de moderación o el CAPTCHA en el canal de Discord de Midjourney y después { $again }.
reset-again-press = vuelve a pulsar «{ reset-button }»
reset-again-command = vuelve a ejecutar este comando
reset-unknown = ✅ { $done }. No se ha podido volver a leer la cuenta ahora mismo; la próxima comprobación dirá si Midjourney todavía lo retiene.

## /mj-channel answers

fallback-default = el predeterminado del servidor, el canal de Midjourney `{ $mj }`
fallback-only = el único canal de Midjourney de la cuenta de useapi.net (si hay varios, asigna uno)
set-done = Los comandos de <#{ $channel }> y sus hilos usan ahora el canal de Midjourney `{ $mj }`.
set-same = <#{ $channel }> ya usa el canal de Midjourney `{ $mj }`; no se ha cambiado nada.
unset-done = Se ha quitado la asignación de <#{ $channel }>. Los comandos de ese canal usan ahora { $fallback }.
unset-same = <#{ $channel }> no tenía asignación propia; no se ha cambiado nada.
default-done = Los comandos de los canales sin asignar usan ahora el canal de Midjourney `{ $mj }`.
default-same = El predeterminado del servidor ya es `{ $mj }`; no se ha cambiado nada.
default-cleared = Se ha quitado el predeterminado del servidor. Los comandos de los canales sin asignar usan ahora { $fallback }.
default-none = No había ningún predeterminado del servidor; no se ha cambiado nada.
verb-on = /{ $verb } vuelve a estar activado en este servidor.
verb-off = /{ $verb } está ahora desactivado en este servidor y oculto de su lista de comandos.
verb-same-on = /{ $verb } ya está activado en este servidor; no se ha cambiado nada.
verb-same-off = /{ $verb } ya está desactivado en este servidor; no se ha cambiado nada.
audit-on = Cada comando de Midjourney de este servidor se registra ahora en <#{ $channel }>: quién lo escribió, dónde y cómo terminó.
audit-same = <#{ $channel }> ya es el canal de auditoría; no se ha cambiado nada.
audit-off = El registro de auditoría está desactivado.
audit-none = No había ningún canal de auditoría; no se ha cambiado nada.
account-stored = useapi.net ha aceptado el token: los comandos de Midjourney de este servidor usan ahora su propia cuenta ({ $channels } canales de Midjourney). El token se guarda sellado y no se vuelve a mostrar nunca, ni siquiera al propietario del bot.
account-removed = Se ha quitado la cuenta propia de useapi.net de este servidor; su token se ha eliminado.
account-none = Este servidor no tenía cuenta propia de useapi.net; no se ha cambiado nada.
language-set = Las líneas de auditoría y los avisos de este servidor están ahora en { $language }.
language-same = Las líneas de auditoría y los avisos de este servidor ya están en { $language }; no se ha cambiado nada.
language-cleared = Las líneas de auditoría y los avisos de este servidor siguen ahora el idioma principal del servidor.
language-none = No se había elegido ningún idioma para este servidor; no se ha cambiado nada.
list-title = **Asignación de canales de Midjourney**
list-empty = Todavía no hay ningún canal asignado. Usa `/mj-channel set`.
list-elsewhere = En el resto: `{ $mj }`
list-elsewhere-fallback = En el resto: { $fallback }.
list-turned-off = Desactivados: { $verbs }
list-audit = Registro de auditoría: <#{ $channel }>
list-audit-failing = Registro de auditoría: <#{ $channel }> ⚠️ la última publicación ahí falló: revisa los permisos Ver canal y Enviar mensajes del bot en ese canal
list-audit-off = Registro de auditoría: desactivado
list-language = Idioma de las líneas de auditoría y los avisos: { $language }
list-unchecked = No se han podido comprobar las ID con useapi.net: { $error }
list-account-own = Cuenta de useapi.net: cuenta propia, verificada <t:{ $at }:R>, { $channels } canales de Midjourney
list-account-operator = Cuenta de useapi.net: la del propietario del bot
list-account-none = Cuenta de useapi.net: ninguna: añade la propia de este servidor con `/mj-channel account set`
mark-pending = ⚠️ moderación pendiente{ $said }: { fix-pending }
mark-missing = ⚠️ no configurado en useapi.net

## Account alerts and resolved lines (the whole server reads them)

said-quoted = {" "}(useapi.net dice: «{ $said }»)
alert-pending = ⚠️ El canal de Midjourney `{ $mj }` tiene un mensaje de moderación o CAPTCHA pendiente{ $said }, así que fallan todos los comandos que lo usan. Solución: { fix-pending }.
alert-pending-button = ⚠️ El canal de Midjourney `{ $mj }` tiene un mensaje de moderación o CAPTCHA pendiente{ $said }, así que fallan todos los comandos que lo usan. Solución: resuélvelo en el canal de Discord de Midjourney y después un administrador del servidor pulsa «{ reset-button }» aquí abajo.
alert-missing = ⚠️ El canal de Midjourney `{ $mj }` ya no está configurado en useapi.net, así que fallan todos los comandos asignados a él. Solución: vuelve a añadir la cuenta en useapi.net o asigna otro canal con `/mj-channel set`.
alert-works-again = ✅ El canal de Midjourney `{ $mj }` vuelve a funcionar.
alert-resolved = ✅ El canal de Midjourney `{ $mj }` vuelve a funcionar: la moderación pendiente está resuelta.
alert-configured-again = ✅ El canal de Midjourney `{ $mj }` vuelve a funcionar: vuelve a estar configurado en useapi.net.
alert-subscription-back = ✅ La suscripción de useapi.net vuelve a estar activa; los comandos de Midjourney vuelven a funcionar.
alert-token-back = ✅ useapi.net vuelve a aceptar el token de API del bot; los comandos de Midjourney vuelven a funcionar.
alert-own-token-back = ✅ useapi.net vuelve a aceptar el token de API propio de este servidor; los comandos de Midjourney vuelven a funcionar.
trouble-credit = ⚠️ useapi.net indica que no hay ninguna suscripción activa (HTTP 402), así que fallan todos los comandos de Midjourney. Solución: el administrador del bot debería renovar la suscripción de useapi.net.
trouble-own-credit = ⚠️ useapi.net indica que la cuenta propia de este servidor no tiene ninguna suscripción activa (HTTP 402), así que fallan todos los comandos de Midjourney. Solución: un administrador del servidor debería renovar la suscripción de useapi.net.
trouble-token = ⚠️ useapi.net rechaza el token de API del bot (HTTP 401 o 403), así que fallan todos los comandos de Midjourney. Solución: el administrador del bot debería revisar USEAPI_TOKEN.
trouble-own-token = ⚠️ useapi.net ya no acepta el token de API propio de este servidor (HTTP 401 o 403), así que fallan todos los comandos de Midjourney. Solución: un administrador del servidor debe volver a introducir el token del servidor con `/mj-channel account set`.

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> /{ $command } en <#{ $channel }> → { $mj }: { $outcome }
audit-mj = canal de Midjourney `{ $mj }`
audit-account-default = predeterminado de la cuenta
audit-no-text = (sin texto)
audit-job = trabajo { $status }
audit-no-answer = sin respuesta en { $secs } s
audit-unreachable = useapi.net inaccesible
audit-broke-off = se cortó la conexión con useapi.net
audit-unexpected-body = HTTP { $status }, contenido inesperado
audit-status = HTTP { $status }
audit-reset = pendingModMessage restablecido en useapi.net
audit-reset-held = pendingModMessage restablecido; Midjourney todavía retiene el canal
audit-enabled = 📋 registro de auditoría activado por <@{ $member }>: cada comando de Midjourney de este servidor se registra aquí.
audit-disabled = 📋 registro de auditoría desactivado por <@{ $member }>.

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }; se reintentará en { $secs } s…
waiting-busy = useapi.net está ocupado (HTTP 429)
waiting-status = useapi.net respondió HTTP { $status }
waiting-unreachable = no se pudo contactar con useapi.net
relay-empty = Midjourney ha respondido sin ningún texto.
cut-marker = … (recortado: el resto era demasiado largo para Discord)
