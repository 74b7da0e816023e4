# mj-bridge: русский. Те же ключи и $параметры, что в en-US.ftl.

language-name = Русский

## Commands, options and choices (at most 100 characters each)

cmd-fast = Переключить Midjourney в режим fast
cmd-relax = Переключить Midjourney в режим relax (без ограничений, медленнее)
cmd-turbo = Переключить Midjourney в режим turbo (самый быстрый, тратит больше GPU-времени)
cmd-info = Показать информационную панель аккаунта Midjourney
cmd-variability = Включить или выключить режим high variability в Midjourney
cmd-mj-channel = Привязать каналы Discord к каналам Midjourney (только с правом «Управлять сервером»)
opt-midjourney-channel = ID канала Midjourney, настроенного на useapi.net (17–20 цифр)
opt-discord-channel = Канал или ветка Discord (по умолчанию — тот, где вы пишете)
opt-verb = Команда
sub-set = Отправлять команды из канала Discord в канал Midjourney
sub-unset = Убрать привязку канала Discord
sub-default = Задать канал Midjourney для непривязанных каналов; оставьте пустым, чтобы сбросить
sub-list = Показать привязки, выключенные команды и канал журнала аудита этого сервера
group-verbs = Включать и выключать команды Midjourney на этом сервере
sub-enable = Снова включить команду
sub-disable = Выключить команду на этом сервере
sub-audit = Записывать каждую команду Midjourney в канал; оставьте пустым, чтобы остановить
opt-audit-channel = Канал журнала аудита (боту нужны права «Просматривать канал» и «Отправлять сообщения»)
group-account = Аккаунт useapi.net, который использует этот сервер
sub-account-reset = Когда сообщение модерации или CAPTCHA в Midjourney решены, сбросить их на useapi.net
sub-account-set = Ввести API-токен useapi.net этого сервера (хранится зашифрованным, никому не показывается)
sub-account-clear = Удалить собственный аккаунт useapi.net этого сервера
sub-language = Выбрать язык строк аудита и предупреждений на этом сервере
opt-language = Язык; «default» — основной язык сервера
choice-language-default = По умолчанию: основной язык сервера

## The token form (title and label at most 45 characters)

form-title = Аккаунт useapi.net этого сервера
form-token-label = API-токен useapi.net
form-token-placeholder = Никто больше его не увидит; хранится только в зашифрованном виде

## Buttons (at most 80 characters)

reset-button = Решено: сбросить

## Errors a member reads

error-generic = Внутри бота что-то пошло не так. Администратор бота найдёт подробности в его журнале.
error-database-unreachable = База данных настроек недоступна; ничего не изменено. Попробуйте ещё раз чуть позже (команды продолжают работать с последними известными настройками).
error-database-busy = База данных настроек занята другим изменением этого сервера; ничего не изменено. Попробуйте ещё раз чуть позже.
error-mapping-not-saved = Боту не удалось сохранить привязку, поэтому ничего не изменено. Администратор бота найдёт причину в его журнале.
error-invalid-id = Ничего не изменено: `{ $shown }` — не ID канала Discord: он должен состоять из 17–20 цифр (в Discord включите режим разработчика, нажмите правой кнопкой мыши на канал Midjourney и выберите «Копировать ID канала»).
error-not-admin = Менять привязку каналов Midjourney могут только участники с правом «Управлять сервером». Ничего не изменено.
error-not-in-guild = Эта команда работает только на сервере.
error-verb-disabled = Команда /{ $verb } выключена на этом сервере. Администратор сервера может снова включить её командой `/mj-channel verbs enable verb:{ $verb }`.
error-unknown-mj-channel = На useapi.net нет аккаунта Midjourney для канала `{ $mj }`, поэтому ничего не изменено. Сначала добавьте аккаунт на useapi.net (POST /v2/account/midjourney/{ $mj }, см. https://useapi.net/docs/api-v2/post-account-midjourney-channel), затем попробуйте ещё раз.
error-restarting = Бот перезапускается. Попробуйте ещё раз чуть позже.
error-not-enabled-here = Этот бот не включён для этого сервера, поэтому его команды здесь ничего не делают. Включить его может только владелец бота.
error-cooling-down = Здесь каждый участник может отправлять одну команду Midjourney раз в { $period } с. Следующую можно будет отправить <t:{ $retry }:R>.
error-audit-cannot-see = Бот не видит <#{ $channel }>, поэтому канал не назначен каналом аудита: дайте боту там права «Просматривать канал» и «Отправлять сообщения» (Настройки канала → Права доступа), затем попробуйте ещё раз. Ничего не изменено.
error-audit-cannot-send = Бот видит <#{ $channel }>, но не может там отправлять сообщения, поэтому канал не назначен каналом аудита: дайте боту там право «Отправлять сообщения» (Настройки канала → Права доступа), затем попробуйте ещё раз. Ничего не изменено.
error-audit-post-failed = Боту не удалось написать в <#{ $channel }> ({ $why }), поэтому канал не назначен каналом аудита. Ничего не изменено.
why-discord-status = Discord ответил HTTP { $status }
why-discord-unreachable = Discord недоступен
error-no-account = У этого сервера нет аккаунта useapi.net, который может использовать бот, поэтому ничего не отправлено. Администратор сервера может добавить собственный аккаунт сервера командой `/mj-channel account set`.
error-account-unreadable = Токен useapi.net этого сервера больше не удаётся открыть (он сохранён ключом, которого у бота больше нет, или был изменён), поэтому ничего не отправлено. Администратор сервера должен ввести его заново командой `/mj-channel account set`.
error-own-accounts-off = Этот бот не хранит собственные аккаунты useapi.net серверов: его владелец не задал SECRETS_KEY. Ничего не изменено.
error-token-refused = useapi.net отклонил этот токен; ничего не сохранено. Скопируйте API-токен из своего аккаунта useapi.net и снова выполните `/mj-channel account set`.
error-bad-token = Ничего не сохранено: { $why }; вставьте только API-токен из своего аккаунта useapi.net и снова выполните `/mj-channel account set`.
bad-token-empty = поле токена было пустым
bad-token-too-long = API-токен useapi.net содержит не больше { $max } символов, а этот был длиннее
bad-token-multi-line = API-токен useapi.net занимает одну строку, а в этом их было несколько
bad-token-not-one-word = в API-токене useapi.net нет пробелов и управляющих символов, а в этом они были
error-unknown-command = Эта версия бота не знает такой команды; актуальные команды она получит при следующем запуске. Если это повторяется, сообщите владельцу бота.
error-unreadable-command = Бот пока не может прочитать эту команду: Discord прислал её в виде, который эта версия бота не понимает. Сообщите администраторам сервера; владелец бота найдёт подробности в журнале бота.
error-reply-refused = Discord отказался показать здесь ответ Midjourney, поэтому его не удалось опубликовать. Попробуйте ещё раз; если это повторяется, администратор бота найдёт причину, названную Discord, в журнале бота.
stored-unverified = Он всё равно сохранён, но не проверен на useapi.net: { $reason }
commands-not-refreshed = (Не удалось обновить список команд; он обновится при следующем запуске бота.)

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = {" "}useapi.net сообщает: «{ $said }».
useapi-bad-request = useapi.net отклонил запрос (HTTP { $status }).{ $said } Администратору сервера стоит сверить привязку этого канала через `/mj-channel list` с аккаунтами Midjourney, настроенными на useapi.net.
useapi-token-refused = useapi.net не принял API-токен бота (HTTP { $status }).{ $said } Администратору бота стоит проверить USEAPI_TOKEN.
useapi-no-credit = useapi.net сообщает, что активной подписки нет (HTTP { $status }).{ $said } Администратору бота стоит продлить подписку useapi.net.
useapi-gone = На useapi.net нет такого эндпоинта (HTTP { $status }).{ $said } Возможно, сервис его убрал (useapi.net объявил о прекращении поддержки Midjourney 24.06.2026); администратору бота стоит проверить USEAPI_BASE_URL.
useapi-busy = useapi.net сейчас перегружен (HTTP { $status }).{ $said } Попробуйте ещё раз через 10–30 секунд.
useapi-needs-human = У аккаунта Midjourney есть неразобранное сообщение модерации или CAPTCHA (HTTP { $status }).{ $said } Кто-то должен решить его в Discord-канале Midjourney; после этого администратор сервера может сбросить его кнопкой «{ reset-button }» под предупреждением в канале аудита (или командой `/mj-channel account reset`). До тех пор все команды завершаются ошибкой, так что повторять бесполезно.
useapi-unavailable = У useapi.net или Midjourney неполадки (HTTP { $status }).{ $said } Попробуйте ещё раз чуть позже.
useapi-unexpected = useapi.net ответил неожиданным HTTP { $status }.{ $said }
useapi-job-failed = Midjourney не выполнил команду (статус задания: { $job }).{ $said } Попробуйте ещё раз чуть позже.
useapi-timeout = useapi.net не ответил за { $secs ->
    [one] { $secs } секунду
    [few] { $secs } секунды
    [many] { $secs } секунд
   *[other] { $secs } секунды
}. Возможно, Midjourney работает медленно; попробуйте ещё раз чуть позже.
useapi-connect = Боту не удалось подключиться к useapi.net. Попробуйте ещё раз чуть позже; если это повторяется, администратору бота стоит проверить USEAPI_BASE_URL и сеть хоста.
useapi-transport = Соединение с useapi.net прервалось. Попробуйте ещё раз чуть позже.
useapi-queue-full = Сейчас слишком много команд ждут useapi.net ({ $waiting } в очереди). Попробуйте ещё раз через минуту.
useapi-invalid-body = useapi.net ответил HTTP { $status }, но не ожидаемым JSON. Попробуйте ещё раз чуть позже; если это повторяется, администратору бота стоит проверить USEAPI_BASE_URL.
own-token-refused = useapi.net больше не принимает собственный API-токен этого сервера (HTTP { $status }).{ $said } Администратор сервера должен заново ввести токен сервера командой `/mj-channel account set`.
own-no-credit = useapi.net сообщает, что у собственного аккаунта этого сервера нет активной подписки (HTTP { $status }).{ $said } Администратору сервера стоит продлить её на useapi.net.

## What ends a pending moderation

fix-pending = решите его в Discord-канале Midjourney, затем сбросьте pendingModMessage на useapi.net

## A reset of pendingModMessage

reset-not-admin = Сбрасывать аккаунт Midjourney могут только участники с правом «Управлять сервером». Ничего не сброшено.
reset-not-here = Этот сервер использует аккаунт useapi.net владельца бота, и сбросить его может только владелец (`mj-bridge account reset CHANNEL`). Ничего не сброшено; сообщите владельцу бота.
reset-under-way = Другой администратор прямо сейчас сбрасывает канал Midjourney `{ $mj }`; результат появится в предупреждении. Больше ничего не отправлено.
reset-token-refused-own = useapi.net отклонил API-токен (HTTP { $status }), поэтому ничего не сброшено. Администратор сервера должен заново ввести токен этого сервера командой `/mj-channel account set`, а затем нажать ещё раз.
reset-token-refused-operator = useapi.net отклонил API-токен (HTTP { $status }), поэтому ничего не сброшено. Владельцу бота стоит проверить USEAPI_TOKEN.
reset-not-configured = На useapi.net нет аккаунта Midjourney для канала `{ $mj }` (HTTP 404), поэтому ничего не сброшено. Проверьте канал через `/mj-channel list` или снова добавьте аккаунт на useapi.net.
reset-failed = useapi.net не сбросил канал ({ $why }), поэтому ничего не сброшено. Нажмите ещё раз через минуту.
why-no-answer = нет ответа за { $secs } с
why-status = HTTP { $status }
why-useapi-unreachable = useapi.net недоступен
why-broke-off = соединение прервалось
reset-done = Канал Midjourney `{ $mj }`: pendingModMessage сброшен на useapi.net участником <@{ $member }> <t:{ $at }:f>
reset-free = ✅ { $done }; Midjourney больше не блокирует канал.
reset-already-fine = ✅ Канал Midjourney `{ $mj }` уже снова работает; ничего не сброшено.
reset-held = ⚠️ { $done }, но Midjourney всё ещё блокирует канал: сначала решите сообщение модерации или CAPTCHA в Discord-канале Midjourney, затем { $again }.
reset-again-press = снова нажмите «{ reset-button }»
reset-again-command = снова выполните эту команду
reset-unknown = ✅ { $done }. Сейчас не удалось заново прочитать аккаунт; следующая проверка покажет, блокирует ли Midjourney канал.

## /mj-channel answers

fallback-default = канал сервера по умолчанию, канал Midjourney `{ $mj }`
fallback-only = единственный канал Midjourney аккаунта useapi.net (если их несколько, привяжите один)
set-done = Команды в <#{ $channel }> и его ветках теперь используют канал Midjourney `{ $mj }`.
set-same = <#{ $channel }> уже использует канал Midjourney `{ $mj }`; ничего не изменено.
unset-done = Привязка <#{ $channel }> удалена. Команды там теперь используют { $fallback }.
unset-same = У <#{ $channel }> не было своей привязки; ничего не изменено.
default-done = Команды в непривязанных каналах теперь используют канал Midjourney `{ $mj }`.
default-same = Канал сервера по умолчанию уже `{ $mj }`; ничего не изменено.
default-cleared = Канал сервера по умолчанию сброшен. Команды в непривязанных каналах теперь используют { $fallback }.
default-none = Канала по умолчанию не было; ничего не изменено.
verb-on = Команда /{ $verb } снова включена на этом сервере.
verb-off = Команда /{ $verb } теперь выключена на этом сервере и скрыта из его списка команд.
verb-same-on = Команда /{ $verb } уже включена на этом сервере; ничего не изменено.
verb-same-off = Команда /{ $verb } уже выключена на этом сервере; ничего не изменено.
audit-on = Теперь каждая команда Midjourney на этом сервере записывается в <#{ $channel }>: кто её ввёл, где и чем она закончилась.
audit-same = <#{ $channel }> уже является каналом аудита; ничего не изменено.
audit-off = Журнал аудита выключен.
audit-none = Канала аудита не было; ничего не изменено.
account-stored = useapi.net принял токен: команды Midjourney этого сервера теперь используют его собственный аккаунт (каналов Midjourney: { $channels }). Токен хранится запечатанным и больше никогда не показывается, даже владельцу бота.
account-removed = Собственный аккаунт useapi.net этого сервера удалён; его токен стёрт.
account-none = У этого сервера не было собственного аккаунта useapi.net; ничего не изменено.
language-set = Строки аудита и предупреждения на этом сервере теперь на языке: { $language }.
language-same = Строки аудита и предупреждения на этом сервере уже на языке: { $language }; ничего не изменено.
language-cleared = Строки аудита и предупреждения на этом сервере теперь следуют основному языку сервера.
language-none = Язык для этого сервера не был выбран; ничего не изменено.
list-title = **Привязка каналов Midjourney**
list-empty = Ни один канал пока не привязан. Используйте `/mj-channel set`.
list-elsewhere = Во всех остальных: `{ $mj }`
list-elsewhere-fallback = Во всех остальных: { $fallback }.
list-turned-off = Выключены: { $verbs }
list-audit = Журнал аудита: <#{ $channel }>
list-audit-failing = Журнал аудита: <#{ $channel }> ⚠️ последняя публикация там не удалась: проверьте права бота «Просматривать канал» и «Отправлять сообщения» в этом канале
list-audit-off = Журнал аудита: выключен
list-language = Язык строк аудита и предупреждений: { $language }
list-unchecked = Не удалось проверить ID на useapi.net: { $error }
list-account-own = Аккаунт useapi.net: собственный, проверен <t:{ $at }:R>, каналов Midjourney: { $channels }
list-account-operator = Аккаунт useapi.net: аккаунт владельца бота
list-account-none = Аккаунт useapi.net: нет; добавьте собственный аккаунт сервера командой `/mj-channel account set`
mark-pending = ⚠️ ожидает модерации{ $said }: { fix-pending }
mark-missing = ⚠️ не настроен на useapi.net

## Account alerts and resolved lines (the whole server reads them)

said-quoted = {" "}(useapi.net сообщает: «{ $said }»)
alert-pending = ⚠️ У канала Midjourney `{ $mj }` есть неразобранное сообщение модерации или CAPTCHA{ $said }, поэтому все команды, которые его используют, завершаются ошибкой. Как исправить: { fix-pending }.
alert-pending-button = ⚠️ У канала Midjourney `{ $mj }` есть неразобранное сообщение модерации или CAPTCHA{ $said }, поэтому все команды, которые его используют, завершаются ошибкой. Как исправить: решите его в Discord-канале Midjourney, затем администратор сервера нажимает «{ reset-button }» ниже.
alert-missing = ⚠️ Канал Midjourney `{ $mj }` больше не настроен на useapi.net, поэтому все привязанные к нему команды завершаются ошибкой. Как исправить: снова добавьте аккаунт на useapi.net или привяжите другой канал командой `/mj-channel set`.
alert-works-again = ✅ Канал Midjourney `{ $mj }` снова работает.
alert-resolved = ✅ Канал Midjourney `{ $mj }` снова работает: ожидавшая модерация решена.
alert-configured-again = ✅ Канал Midjourney `{ $mj }` снова работает: он снова настроен на useapi.net.
alert-subscription-back = ✅ Подписка useapi.net снова активна; команды Midjourney снова работают.
alert-token-back = ✅ useapi.net снова принимает API-токен бота; команды Midjourney снова работают.
alert-own-token-back = ✅ useapi.net снова принимает собственный API-токен этого сервера; команды Midjourney снова работают.
trouble-credit = ⚠️ useapi.net сообщает, что активной подписки нет (HTTP 402), поэтому все команды Midjourney завершаются ошибкой. Как исправить: администратору бота стоит продлить подписку useapi.net.
trouble-own-credit = ⚠️ useapi.net сообщает, что у собственного аккаунта этого сервера нет активной подписки (HTTP 402), поэтому все команды Midjourney завершаются ошибкой. Как исправить: администратору сервера стоит продлить подписку useapi.net.
trouble-token = ⚠️ useapi.net отклоняет API-токен бота (HTTP 401 или 403), поэтому все команды Midjourney завершаются ошибкой. Как исправить: администратору бота стоит проверить USEAPI_TOKEN.
trouble-own-token = ⚠️ useapi.net больше не принимает собственный API-токен этого сервера (HTTP 401 или 403), поэтому все команды Midjourney завершаются ошибкой. Как исправить: администратор сервера должен заново ввести токен сервера командой `/mj-channel account set`.

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> /{ $command } в <#{ $channel }> → { $mj }: { $outcome }
audit-mj = канал Midjourney `{ $mj }`
audit-account-default = канал аккаунта по умолчанию
audit-no-text = (без текста)
audit-job = задание { $status }
audit-no-answer = нет ответа за { $secs } с
audit-unreachable = useapi.net недоступен
audit-broke-off = соединение с useapi.net прервалось
audit-unexpected-body = HTTP { $status }, неожиданный ответ
audit-status = HTTP { $status }
audit-reset = pendingModMessage сброшен на useapi.net
audit-reset-held = pendingModMessage сброшен; Midjourney всё ещё блокирует канал
audit-enabled = 📋 журнал аудита включил(а) <@{ $member }>: здесь записывается каждая команда Midjourney этого сервера.
audit-disabled = 📋 журнал аудита выключил(а) <@{ $member }>.

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }; повтор через { $secs } с…
waiting-busy = useapi.net перегружен (HTTP 429)
waiting-status = useapi.net ответил HTTP { $status }
waiting-unreachable = useapi.net недоступен
relay-empty = Midjourney ответил без текста.
cut-marker = … (обрезано: остальное слишком длинно для Discord)
