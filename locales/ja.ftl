# mj-bridge：日本語。キーと $プレースホルダーは en-US.ftl と同じです。

language-name = 日本語

## Commands, options and choices (at most 100 characters each)

cmd-fast = Midjourney を fast モードに切り替えます
cmd-relax = Midjourney を relax モードに切り替えます（無制限、低速）
cmd-turbo = Midjourney を turbo モードに切り替えます（最速、GPU 時間を多く消費）
cmd-info = Midjourney アカウントの情報パネルを表示します
cmd-variability = Midjourney の high variability モードを切り替えます
cmd-mj-channel = Discord のチャンネルを Midjourney のチャンネルに割り当てます（サーバー管理権限のみ）
opt-midjourney-channel = useapi.net に設定された Midjourney チャンネルの ID（17〜20 桁）
opt-discord-channel = Discord のチャンネルまたはスレッド（既定：今入力しているチャンネル）
opt-verb = コマンド
sub-set = Discord チャンネルのコマンドを Midjourney チャンネルに送ります
sub-unset = Discord チャンネルの割り当てを解除します
sub-default = 割り当てのないチャンネルで使う Midjourney チャンネルを設定します（空欄で解除）
sub-list = このサーバーの割り当て、オフのコマンド、監査ログチャンネルを表示します
group-verbs = このサーバーで Midjourney コマンドをオン・オフします
sub-enable = コマンドを再びオンにします
sub-disable = このサーバーでコマンドをオフにします
sub-audit = すべての Midjourney コマンドをチャンネルに記録します（空欄で停止）
opt-audit-channel = 監査ログのチャンネル（Bot には「チャンネルを見る」と「メッセージを送信」が必要）
group-account = このサーバーが使う useapi.net アカウント
sub-account-reset = Midjourney でモデレーションメッセージや CAPTCHA を解決したら useapi.net でリセットします
sub-account-set = このサーバーの useapi.net API トークンを入力します（暗号化して保存、誰にも表示されません）
sub-account-clear = このサーバー独自の useapi.net アカウントを削除します
sub-language = このサーバーの監査ログと警告の言語を選びます
opt-language = 言語（「default」はサーバーのメイン言語に従います）
choice-language-default = 既定：サーバーのメイン言語

## The token form (title and label at most 45 characters)

form-title = このサーバーの useapi.net アカウント
form-token-label = useapi.net API トークン
form-token-placeholder = 他の誰にも表示されず、暗号化してのみ保存されます

## Buttons (at most 80 characters)

reset-button = 解決済み：リセット

## Errors a member reads

error-generic = Bot の内部でエラーが発生しました。詳細は Bot の管理者がログで確認できます。
error-database-unreachable = 設定データベースに接続できないため、何も変更されませんでした。少し待ってからもう一度お試しください（コマンドは最後に読み込んだ設定で引き続き動作します）。
error-database-busy = 設定データベースがこのサーバーの別の変更を処理中のため、何も変更されませんでした。少し待ってからもう一度お試しください。
error-mapping-not-saved = Bot が割り当てを保存できなかったため、何も変更されませんでした。原因は Bot の管理者がログで確認できます。
error-invalid-id = 何も変更されませんでした：`{ $shown }` は Discord のチャンネル ID ではありません。17〜20 桁の数字で指定してください（Discord で開発者モードをオンにし、Midjourney のチャンネルを右クリックして「チャンネルIDをコピー」を選びます）。
error-not-admin = Midjourney チャンネルの割り当てを変更できるのは「サーバー管理」権限を持つメンバーだけです。何も変更されませんでした。
error-not-in-guild = このコマンドはサーバー内でのみ使えます。
error-verb-disabled = このサーバーでは /{ $verb } がオフになっています。サーバー管理者が `/mj-channel verbs enable verb:{ $verb }` で再びオンにできます。
error-unknown-mj-channel = useapi.net にはチャンネル `{ $mj }` 用の Midjourney アカウントが設定されていないため、何も変更されませんでした。先に useapi.net でアカウントを追加してから（POST /v2/account/midjourney/{ $mj }、https://useapi.net/docs/api-v2/post-account-midjourney-channel を参照）、もう一度お試しください。
error-restarting = Bot を再起動しています。少し待ってからもう一度お試しください。
error-not-enabled-here = この Bot はこのサーバーで有効になっていないため、ここではコマンドが動作しません。有効にできるのは Bot のオーナーだけです。
error-cooling-down = このサーバーでは、各メンバーが Midjourney コマンドを送れるのは { $period } 秒に 1 回です。次のコマンドは <t:{ $retry }:R> に送れます。
error-audit-cannot-see = Bot が <#{ $channel }> を見られないため、監査ログチャンネルに設定しませんでした。そのチャンネルで Bot に「チャンネルを見る」と「メッセージを送信」を許可してから（チャンネル設定 → 権限）、もう一度お試しください。何も変更されませんでした。
error-audit-cannot-send = Bot は <#{ $channel }> を見られますが「メッセージを送信」権限がないため、監査ログチャンネルに設定しませんでした。そのチャンネルで Bot に「メッセージを送信」を許可してから（チャンネル設定 → 権限）、もう一度お試しください。何も変更されませんでした。
error-audit-post-failed = Bot が <#{ $channel }> に投稿できなかったため（{ $why }）、監査ログチャンネルに設定しませんでした。何も変更されませんでした。
why-discord-status = Discord の応答は HTTP { $status } でした
why-discord-unreachable = Discord に接続できませんでした
error-no-account = このサーバーには Bot が使える useapi.net アカウントがないため、何も送信されませんでした。サーバー管理者は `/mj-channel account set` でサーバー独自のアカウントを追加できます。
error-account-unreadable = このサーバーの useapi.net トークンを開けなくなったため（Bot が持っていない鍵で保存されたか、改ざんされています）、何も送信されませんでした。サーバー管理者が `/mj-channel account set` でもう一度入力する必要があります。
error-own-accounts-off = この Bot はサーバー独自の useapi.net アカウントを保管しません（オーナーが SECRETS_KEY を設定していません）。何も変更されませんでした。
error-token-refused = useapi.net がこのトークンを拒否したため、何も保存されませんでした。useapi.net アカウントの API トークンをコピーして、もう一度 `/mj-channel account set` をお試しください。
error-bad-token = 何も保存されませんでした：{ $why }。useapi.net アカウントの API トークンだけを貼り付けて、もう一度 `/mj-channel account set` をお試しください。
bad-token-empty = トークン欄が空でした
bad-token-too-long = useapi.net の API トークンは最大 { $max } 文字ですが、それより長い値でした
bad-token-multi-line = useapi.net の API トークンは 1 行ですが、複数行ありました
bad-token-not-one-word = useapi.net の API トークンにはスペースや制御文字は含まれませんが、含まれていました
error-unknown-command = このバージョンの Bot はこのコマンドを知りません。次回の起動時に最新のコマンドを取得します。繰り返し起きる場合は Bot のオーナーにお知らせください。
error-unreadable-command = この Bot はまだこのコマンドを読み取れません。Discord がこのバージョンの Bot の理解できない形式で送信しました。サーバーの管理者にお知らせください。詳細は Bot のオーナーがログで確認できます。
error-reply-refused = Discord がここでの Midjourney の回答の表示を拒否したため、投稿できませんでした。もう一度お試しください。繰り返し起きる場合、Discord が示した理由は Bot の管理者がログで確認できます。
stored-unverified = useapi.net で確認できないまま保存しました：{ $reason }
commands-not-refreshed = （コマンド一覧を更新できませんでした。Bot の次回起動時に更新されます。）

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = useapi.net のメッセージ：「{ $said }」。
useapi-bad-request = useapi.net がリクエストを拒否しました（HTTP { $status }）。{ $said }サーバー管理者は `/mj-channel list` でこのチャンネルの割り当てを確認し、useapi.net に設定された Midjourney アカウントと照らし合わせてください。
useapi-token-refused = useapi.net が Bot の API トークンを受け付けませんでした（HTTP { $status }）。{ $said }Bot の管理者は USEAPI_TOKEN を確認してください。
useapi-no-credit = useapi.net によると有効なサブスクリプションがありません（HTTP { $status }）。{ $said }Bot の管理者は useapi.net のサブスクリプションを更新してください。
useapi-gone = useapi.net にそのエンドポイントがありません（HTTP { $status }）。{ $said }サービスが提供を終了した可能性があります（useapi.net は Midjourney のサポートを 2026-06-24 に終了すると発表しています）。Bot の管理者は USEAPI_BASE_URL を確認してください。
useapi-busy = useapi.net が混み合っています（HTTP { $status }）。{ $said }10〜30 秒後にもう一度お試しください。
useapi-needs-human = Midjourney アカウントに未対応のモデレーションメッセージまたは CAPTCHA があります（HTTP { $status }）。{ $said }まず誰かが Midjourney の Discord チャンネルで解決し、その後サーバー管理者が監査ログチャンネルの警告にある「{ reset-button }」（または `/mj-channel account reset`）でリセットできます。それまではすべてのコマンドが失敗するため、再試行しても解決しません。
useapi-unavailable = useapi.net または Midjourney で問題が発生しています（HTTP { $status }）。{ $said }しばらくしてからもう一度お試しください。
useapi-unexpected = useapi.net から予期しない HTTP { $status } が返されました。{ $said }
useapi-job-failed = Midjourney がコマンドを完了しませんでした（ジョブのステータス：{ $job }）。{ $said }しばらくしてからもう一度お試しください。
useapi-timeout = useapi.net から { $secs ->
    [one] 1 秒
   *[other] { $secs } 秒
}以内に応答がありませんでした。Midjourney が混雑している可能性があります。しばらくしてからもう一度お試しください。
useapi-connect = Bot が useapi.net に接続できませんでした。しばらくしてからもう一度お試しください。繰り返し起きる場合、Bot の管理者は USEAPI_BASE_URL とホストのネットワークを確認してください。
useapi-transport = useapi.net との接続が途中で切れました。しばらくしてからもう一度お試しください。
useapi-queue-full = 現在 useapi.net を待っているコマンドが多すぎます（キューに { $waiting } 件）。1 分ほどしてからもう一度お試しください。
useapi-invalid-body = useapi.net が HTTP { $status } で想定外の内容（期待した JSON ではないもの）を返しました。しばらくしてからもう一度お試しください。繰り返し起きる場合、Bot の管理者は USEAPI_BASE_URL を確認してください。
own-token-refused = useapi.net がこのサーバー独自の API トークンを受け付けなくなりました（HTTP { $status }）。{ $said }サーバー管理者が `/mj-channel account set` でサーバーのトークンをもう一度入力する必要があります。
own-no-credit = useapi.net によると、このサーバー独自のアカウントに有効なサブスクリプションがありません（HTTP { $status }）。{ $said }サーバー管理者は useapi.net で更新してください。

## What ends a pending moderation

fix-pending = Midjourney の Discord チャンネルで解決してから、useapi.net で pendingModMessage をリセットしてください

## A reset of pendingModMessage

reset-not-admin = Midjourney アカウントをリセットできるのは「サーバー管理」権限を持つメンバーだけです。何もリセットされませんでした。
reset-not-here = このサーバーは Bot のオーナーの useapi.net アカウントを使っており、リセットできるのはオーナーだけです（`mj-bridge account reset CHANNEL`）。何もリセットされませんでした。Bot のオーナーにお知らせください。
reset-under-way = 別の管理者が Midjourney チャンネル `{ $mj }` をリセット中です。結果は警告に表示されます。これ以上は何も送信されませんでした。
reset-token-refused-own = useapi.net が API トークンを拒否したため（HTTP { $status }）、何もリセットされませんでした。サーバー管理者が `/mj-channel account set` でこのサーバーのトークンをもう一度入力してから、もう一度押してください。
reset-token-refused-operator = useapi.net が API トークンを拒否したため（HTTP { $status }）、何もリセットされませんでした。Bot のオーナーは USEAPI_TOKEN を確認してください。
reset-not-configured = useapi.net にはチャンネル `{ $mj }` 用の Midjourney アカウントが設定されていないため（HTTP 404）、何もリセットされませんでした。`/mj-channel list` でチャンネルを確認するか、useapi.net でアカウントをもう一度追加してください。
reset-failed = useapi.net がチャンネルをリセットしなかったため（{ $why }）、何もリセットされませんでした。1 分ほどしてからもう一度押してください。
why-no-answer = { $secs } 秒以内に応答なし
why-status = HTTP { $status }
why-useapi-unreachable = useapi.net に接続できませんでした
why-broke-off = 接続が途中で切れました
reset-done = Midjourney チャンネル `{ $mj }`：<@{ $member }> が useapi.net で pendingModMessage をリセットしました <t:{ $at }:f>
reset-free = ✅ { $done }。Midjourney による保留は解除されています。
reset-already-fine = ✅ Midjourney チャンネル `{ $mj }` はすでに再び使えるようになっています。リセットは行っていません。
reset-held = ⚠️ { $done }。ただし Midjourney はまだ保留しています：先に Midjourney の Discord チャンネルでモデレーションメッセージまたは CAPTCHA を解決してから、{ $again }。
reset-again-press = もう一度「{ reset-button }」を押してください
reset-again-command = このコマンドをもう一度実行してください
reset-unknown = ✅ { $done }。今はアカウントを再読み込みできませんでした。Midjourney がまだ保留しているかは次回のチェックでわかります。

## /mj-channel answers

fallback-default = サーバーのデフォルトの Midjourney チャンネル `{ $mj }`
fallback-only = useapi.net アカウントの唯一の Midjourney チャンネル（複数ある場合は割り当ててください）
set-done = <#{ $channel }> とそのスレッドのコマンドは、Midjourney チャンネル `{ $mj }` を使うようになりました。
set-same = <#{ $channel }> はすでに Midjourney チャンネル `{ $mj }` を使っています。何も変更されませんでした。
unset-done = <#{ $channel }> の割り当てを解除しました。そこでのコマンドは { $fallback } を使います。
unset-same = <#{ $channel }> には独自の割り当てがありませんでした。何も変更されませんでした。
default-done = 割り当てのないチャンネルのコマンドは、Midjourney チャンネル `{ $mj }` を使うようになりました。
default-same = サーバーのデフォルトはすでに `{ $mj }` です。何も変更されませんでした。
default-cleared = サーバーのデフォルトを解除しました。割り当てのないチャンネルのコマンドは { $fallback } を使います。
default-none = サーバーのデフォルトはありませんでした。何も変更されませんでした。
verb-on = このサーバーで /{ $verb } を再びオンにしました。
verb-off = このサーバーで /{ $verb } をオフにし、コマンド一覧から非表示にしました。
verb-same-on = このサーバーで /{ $verb } はすでにオンです。何も変更されませんでした。
verb-same-off = このサーバーで /{ $verb } はすでにオフです。何も変更されませんでした。
audit-on = このサーバーのすべての Midjourney コマンドを <#{ $channel }> に記録するようになりました：誰が、どこで入力し、どうなったか。
audit-same = <#{ $channel }> はすでに監査ログチャンネルです。何も変更されませんでした。
audit-off = 監査ログをオフにしました。
audit-none = 監査ログチャンネルはありませんでした。何も変更されませんでした。
account-stored = useapi.net がトークンを受け付けました：このサーバーの Midjourney コマンドは独自のアカウントを使うようになりました（Midjourney チャンネル { $channels } 個）。トークンは封印して保存され、今後は Bot のオーナーにも表示されません。
account-removed = このサーバー独自の useapi.net アカウントを削除し、トークンも消去しました。
account-none = このサーバーには独自の useapi.net アカウントがありませんでした。何も変更されませんでした。
language-set = このサーバーの監査ログと警告は { $language } になりました。
language-same = このサーバーの監査ログと警告はすでに { $language } です。何も変更されませんでした。
language-cleared = このサーバーの監査ログと警告は、サーバーのメイン言語に従うようになりました。
language-none = このサーバーでは言語が選ばれていませんでした。何も変更されませんでした。
list-title = **Midjourney チャンネルの割り当て**
list-empty = まだチャンネルが割り当てられていません。`/mj-channel set` を使ってください。
list-elsewhere = その他すべて：`{ $mj }`
list-elsewhere-fallback = その他すべて：{ $fallback }。
list-turned-off = オフ：{ $verbs }
list-audit = 監査ログ：<#{ $channel }>
list-audit-failing = 監査ログ：<#{ $channel }> ⚠️ 前回の投稿に失敗しました：そのチャンネルで Bot の「チャンネルを見る」と「メッセージを送信」の権限を確認してください
list-audit-off = 監査ログ：オフ
list-language = 監査ログと警告の言語：{ $language }
list-unchecked = useapi.net で ID を確認できませんでした：{ $error }
list-account-own = useapi.net アカウント：独自のアカウント、<t:{ $at }:R> に確認済み、Midjourney チャンネル { $channels } 個
list-account-operator = useapi.net アカウント：Bot のオーナーのアカウント
list-account-none = useapi.net アカウント：なし（`/mj-channel account set` でこのサーバー独自のアカウントを追加できます）
mark-pending = ⚠️ モデレーション保留中{ $said }：{ fix-pending }
mark-missing = ⚠️ useapi.net に設定されていません

## Account alerts and resolved lines (the whole server reads them)

said-quoted = （useapi.net のメッセージ：「{ $said }」）
alert-pending = ⚠️ Midjourney チャンネル `{ $mj }` に未対応のモデレーションメッセージまたは CAPTCHA があります{ $said }。このチャンネルを使うコマンドはすべて失敗します。対処方法：{ fix-pending }。
alert-pending-button = ⚠️ Midjourney チャンネル `{ $mj }` に未対応のモデレーションメッセージまたは CAPTCHA があります{ $said }。このチャンネルを使うコマンドはすべて失敗します。対処方法：Midjourney の Discord チャンネルで解決してから、サーバー管理者が下の「{ reset-button }」を押してください。
alert-missing = ⚠️ Midjourney チャンネル `{ $mj }` が useapi.net に設定されなくなったため、このチャンネルに割り当てられたコマンドはすべて失敗します。対処方法：useapi.net でアカウントをもう一度追加するか、`/mj-channel set` で別のチャンネルを割り当ててください。
alert-works-again = ✅ Midjourney チャンネル `{ $mj }` が再び使えるようになりました。
alert-resolved = ✅ Midjourney チャンネル `{ $mj }` が再び使えるようになりました：保留中のモデレーションは解決しました。
alert-configured-again = ✅ Midjourney チャンネル `{ $mj }` が再び使えるようになりました：再び useapi.net に設定されています。
alert-subscription-back = ✅ useapi.net のサブスクリプションが再び有効になり、Midjourney コマンドが再び使えるようになりました。
alert-token-back = ✅ useapi.net が Bot の API トークンを再び受け付けるようになり、Midjourney コマンドが再び使えるようになりました。
alert-own-token-back = ✅ useapi.net がこのサーバー独自の API トークンを再び受け付けるようになり、Midjourney コマンドが再び使えるようになりました。
trouble-credit = ⚠️ useapi.net によると有効なサブスクリプションがないため（HTTP 402）、すべての Midjourney コマンドが失敗します。対処方法：Bot の管理者が useapi.net のサブスクリプションを更新してください。
trouble-own-credit = ⚠️ useapi.net によると、このサーバー独自のアカウントに有効なサブスクリプションがないため（HTTP 402）、すべての Midjourney コマンドが失敗します。対処方法：サーバー管理者が useapi.net のサブスクリプションを更新してください。
trouble-token = ⚠️ useapi.net が Bot の API トークンを拒否しているため（HTTP 401 または 403）、すべての Midjourney コマンドが失敗します。対処方法：Bot の管理者が USEAPI_TOKEN を確認してください。
trouble-own-token = ⚠️ useapi.net がこのサーバー独自の API トークンを受け付けなくなったため（HTTP 401 または 403）、すべての Midjourney コマンドが失敗します。対処方法：サーバー管理者が `/mj-channel account set` でサーバーのトークンをもう一度入力してください。

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> が <#{ $channel }> で /{ $command } → { $mj }：{ $outcome }
audit-mj = Midjourney チャンネル `{ $mj }`
audit-account-default = アカウントのデフォルト
audit-no-text = （テキストなし）
audit-job = ジョブ { $status }
audit-no-answer = { $secs } 秒以内に応答なし
audit-unreachable = useapi.net に接続できません
audit-broke-off = useapi.net との接続が切れました
audit-unexpected-body = HTTP { $status }、想定外の内容
audit-status = HTTP { $status }
audit-reset = useapi.net で pendingModMessage をリセット
audit-reset-held = pendingModMessage をリセット。Midjourney はまだチャンネルを保留中
audit-enabled = 📋 <@{ $member }> が監査ログをオンにしました：このサーバーのすべての Midjourney コマンドをここに記録します。
audit-disabled = 📋 <@{ $member }> が監査ログをオフにしました。

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }。{ $secs } 秒後に再試行します…
waiting-busy = useapi.net が混み合っています（HTTP 429）
waiting-status = useapi.net の応答は HTTP { $status } でした
waiting-unreachable = useapi.net に接続できませんでした
relay-empty = Midjourney からテキストのない回答が返されました。
cut-marker = …（省略：残りは Discord には長すぎました）
