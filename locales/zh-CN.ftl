# mj-bridge：简体中文。键和 $占位符与 en-US.ftl 相同。

language-name = 中文

## Commands, options and choices (at most 100 characters each)

cmd-fast = 将 Midjourney 切换到 fast 模式
cmd-relax = 将 Midjourney 切换到 relax 模式（不限量，较慢）
cmd-turbo = 将 Midjourney 切换到 turbo 模式（最快，消耗更多 GPU 时间）
cmd-info = 显示 Midjourney 账号的信息面板
cmd-variability = 开启或关闭 Midjourney 的 high variability 模式
cmd-mj-channel = 将 Discord 频道映射到 Midjourney 频道（仅限拥有“管理服务器”权限的成员）
opt-midjourney-channel = 在 useapi.net 配置的 Midjourney 频道 ID（17–20 位数字）
opt-discord-channel = Discord 频道或子区（默认：你正在输入的频道）
opt-verb = 命令
sub-set = 将某个 Discord 频道的命令发送到某个 Midjourney 频道
sub-unset = 移除某个 Discord 频道的映射
sub-default = 设置未映射频道使用的 Midjourney 频道；留空即清除
sub-list = 显示本服务器的映射、已关闭的命令和审核日志频道
group-verbs = 在本服务器开启或关闭 Midjourney 命令
sub-enable = 重新开启一个命令
sub-disable = 在本服务器关闭一个命令
sub-audit = 在某个频道记录每条 Midjourney 命令；留空即停止
opt-audit-channel = 审核日志频道（机器人需要“查看频道”和“发送消息”权限）
group-account = 本服务器使用的 useapi.net 账号
sub-account-reset = 在 Midjourney 中处理完审核消息或 CAPTCHA 后，在 useapi.net 上重置
sub-account-set = 输入本服务器的 useapi.net API 令牌（加密保存，任何人都看不到）
sub-account-clear = 移除本服务器自己的 useapi.net 账号
sub-language = 选择本服务器审核日志和警报的语言
opt-language = 语言；“default”表示跟随服务器的主要语言
choice-language-default = 默认：服务器的主要语言

## The token form (title and label at most 45 characters)

form-title = 本服务器的 useapi.net 账号
form-token-label = useapi.net API 令牌
form-token-placeholder = 其他人都看不到；仅加密保存

## Buttons (at most 80 characters)

reset-button = 已解决：重置

## Errors a member reads

error-generic = 机器人内部出错了。机器人的管理员可以在机器人日志中查看详情。
error-database-unreachable = 无法连接设置数据库，未做任何更改。请稍后再试（命令会继续使用最后已知的设置）。
error-database-busy = 设置数据库正在处理本服务器的另一项更改，未做任何更改。请稍后再试。
error-mapping-not-saved = 机器人无法保存映射，因此未做任何更改。机器人的管理员可以在机器人日志中查看原因。
error-invalid-id = 未做任何更改：`{ $shown }` 不是 Discord 频道 ID，它必须是 17 到 20 位数字（在 Discord 中开启开发者模式，右键点击 Midjourney 频道，然后选择“复制频道 ID”）。
error-not-admin = 只有拥有“管理服务器”权限的成员才能更改 Midjourney 频道映射。未做任何更改。
error-not-in-guild = 此命令只能在服务器中使用。
error-verb-disabled = /{ $verb } 已在本服务器关闭。服务器管理员可以用 `/mj-channel verbs enable verb:{ $verb }` 重新开启。
error-unknown-mj-channel = useapi.net 没有为频道 `{ $mj }` 配置 Midjourney 账号，因此未做任何更改。请先在 useapi.net 添加该账号（POST /v2/account/midjourney/{ $mj }，参见 https://useapi.net/docs/api-v2/post-account-midjourney-channel），然后再试。
error-restarting = 机器人正在重启。请稍后再试。
error-not-enabled-here = 本服务器未启用此机器人，因此它的命令在这里不起作用。只有机器人的所有者可以启用它。
error-cooling-down = 在这里，每位成员每 { $period } 秒可以发送一条 Midjourney 命令。你可以在 <t:{ $retry }:R> 发送下一条。
error-audit-cannot-see = 机器人看不到 <#{ $channel }>，因此没有将其设为审核日志频道：请在该频道给机器人“查看频道”和“发送消息”权限（频道设置 → 权限），然后再试。未做任何更改。
error-audit-cannot-send = 机器人能看到 <#{ $channel }>，但在那里没有“发送消息”权限，因此没有将其设为审核日志频道：请在该频道给机器人“发送消息”权限（频道设置 → 权限），然后再试。未做任何更改。
error-audit-post-failed = 机器人无法在 <#{ $channel }> 发帖（{ $why }），因此没有将其设为审核日志频道。未做任何更改。
why-discord-status = Discord 返回了 HTTP { $status }
why-discord-unreachable = 无法连接 Discord
error-no-account = 本服务器没有机器人可以使用的 useapi.net 账号，因此没有发送任何内容。服务器管理员可以用 `/mj-channel account set` 添加服务器自己的账号。
error-account-unreadable = 本服务器的 useapi.net 令牌已无法打开（它是用机器人已不再拥有的密钥保存的，或已被篡改），因此没有发送任何内容。服务器管理员必须用 `/mj-channel account set` 重新输入。
error-own-accounts-off = 此机器人不保存服务器自己的 useapi.net 账号：它的所有者没有设置 SECRETS_KEY。未做任何更改。
error-token-refused = useapi.net 拒绝了此令牌，未保存任何内容。请从你的 useapi.net 账号复制 API 令牌，然后再次尝试 `/mj-channel account set`。
error-bad-token = 未保存任何内容：{ $why }；请只粘贴你的 useapi.net 账号中的 API 令牌，然后再次尝试 `/mj-channel account set`。
bad-token-empty = 令牌字段为空
bad-token-too-long = useapi.net API 令牌最多 { $max } 个字符，而这个更长
bad-token-multi-line = useapi.net API 令牌只有一行，而这个有多行
bad-token-not-one-word = useapi.net API 令牌中没有空格或控制字符，而这个有
error-unknown-command = 此版本的机器人不认识这个命令；它会在下次启动时获取最新的命令。如果这种情况持续出现，请告诉机器人的所有者。
error-unreadable-command = 此机器人暂时无法读取这个命令：Discord 发送的格式是此版本的机器人无法理解的。请告诉服务器的管理员；机器人的所有者可以在机器人日志中查看详情。
error-reply-refused = Discord 拒绝在这里显示 Midjourney 的回复，因此无法发布。请再试一次；如果这种情况持续出现，机器人的管理员可以在机器人日志中查看 Discord 给出的原因。
stored-unverified = 未能通过 useapi.net 验证，但仍已保存：{ $reason }
commands-not-refreshed = （无法刷新命令列表；将在机器人下次启动时刷新。）

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = useapi.net 表示：“{ $said }”。
useapi-bad-request = useapi.net 拒绝了请求（HTTP { $status }）。{ $said }服务器管理员应使用 `/mj-channel list` 检查此频道的映射，并与 useapi.net 上配置的 Midjourney 账号进行核对。
useapi-token-refused = useapi.net 不接受机器人的 API 令牌（HTTP { $status }）。{ $said }机器人的管理员应检查 USEAPI_TOKEN。
useapi-no-credit = useapi.net 报告没有有效订阅（HTTP { $status }）。{ $said }机器人的管理员应续订 useapi.net 订阅。
useapi-gone = useapi.net 没有这个接口（HTTP { $status }）。{ $said }该服务可能已将其下线（useapi.net 已宣布于 2026-06-24 结束对 Midjourney 的支持）；机器人的管理员应检查 USEAPI_BASE_URL。
useapi-busy = useapi.net 目前繁忙（HTTP { $status }）。{ $said }请在 10 到 30 秒后再试。
useapi-needs-human = 该 Midjourney 账号有待处理的审核消息或 CAPTCHA（HTTP { $status }）。{ $said }需要有人在 Midjourney 的 Discord 频道中处理；之后服务器管理员可以点击审核日志频道中警报上的“{ reset-button }”（或使用 `/mj-channel account reset`）进行重置。在此之前所有命令都会失败，重试也无济于事。
useapi-unavailable = useapi.net 或 Midjourney 出现了问题（HTTP { $status }）。{ $said }请稍后再试。
useapi-unexpected = useapi.net 返回了意外的 HTTP { $status }。{ $said }
useapi-job-failed = Midjourney 没有完成该命令（任务状态：{ $job }）。{ $said }请稍后再试。
useapi-timeout = useapi.net 在 { $secs ->
    [one] 1 秒
   *[other] { $secs } 秒
}内没有响应。Midjourney 可能较慢；请稍后再试。
useapi-connect = 机器人无法连接 useapi.net。请稍后再试；如果这种情况持续出现，机器人的管理员应检查 USEAPI_BASE_URL 和主机的网络。
useapi-transport = 与 useapi.net 的连接中断了。请稍后再试。
useapi-queue-full = 目前等待 useapi.net 的命令太多（队列中有 { $waiting } 条）。请一分钟后再试。
useapi-invalid-body = useapi.net 返回了 HTTP { $status }，但内容不是预期的 JSON。请稍后再试；如果这种情况持续出现，机器人的管理员应检查 USEAPI_BASE_URL。
own-token-refused = useapi.net 不再接受本服务器自己的 API 令牌（HTTP { $status }）。{ $said }服务器管理员必须用 `/mj-channel account set` 重新输入服务器的令牌。
own-no-credit = useapi.net 报告本服务器自己的账号没有有效订阅（HTTP { $status }）。{ $said }服务器管理员应在 useapi.net 续订。

## What ends a pending moderation

fix-pending = 在 Midjourney 的 Discord 频道中处理，然后在 useapi.net 重置 pendingModMessage

## A reset of pendingModMessage

reset-not-admin = 只有拥有“管理服务器”权限的成员才能重置 Midjourney 账号。未重置任何内容。
reset-not-here = 本服务器使用机器人所有者的 useapi.net 账号，只有所有者才能重置它（`mj-bridge account reset CHANNEL`）。未重置任何内容；请告诉机器人的所有者。
reset-under-way = 另一位管理员正在重置 Midjourney 频道 `{ $mj }`；警报会显示结果。没有再发送任何内容。
reset-token-refused-own = useapi.net 拒绝了 API 令牌（HTTP { $status }），因此未重置任何内容。服务器管理员必须用 `/mj-channel account set` 重新输入本服务器的令牌，然后再点一次。
reset-token-refused-operator = useapi.net 拒绝了 API 令牌（HTTP { $status }），因此未重置任何内容。机器人的所有者应检查 USEAPI_TOKEN。
reset-not-configured = useapi.net 没有为频道 `{ $mj }` 配置 Midjourney 账号（HTTP 404），因此未重置任何内容。请用 `/mj-channel list` 检查该频道，或在 useapi.net 重新添加该账号。
reset-failed = useapi.net 没有重置该频道（{ $why }），因此未重置任何内容。请一分钟后再点一次。
why-no-answer = { $secs } 秒内无响应
why-status = HTTP { $status }
why-useapi-unreachable = 无法连接 useapi.net
why-broke-off = 连接中断
reset-done = Midjourney 频道 `{ $mj }`：<@{ $member }> 已在 useapi.net 重置 pendingModMessage <t:{ $at }:f>
reset-free = ✅ { $done }；Midjourney 已不再限制该频道。
reset-already-fine = ✅ Midjourney 频道 `{ $mj }` 已恢复正常，无需重置。
reset-held = ⚠️ { $done }，但 Midjourney 仍在限制该频道：请先在 Midjourney 的 Discord 频道中处理审核消息或 CAPTCHA，然后{ $again }。
reset-again-press = 再次点击“{ reset-button }”
reset-again-command = 再次运行此命令
reset-unknown = ✅ { $done }。暂时无法重新读取账号；下次检查会显示 Midjourney 是否仍在限制该频道。

## /mj-channel answers

fallback-default = 服务器默认的 Midjourney 频道 `{ $mj }`
fallback-only = useapi.net 账号唯一的 Midjourney 频道（如有多个，请映射其中一个）
set-done = <#{ $channel }> 及其子区中的命令现在使用 Midjourney 频道 `{ $mj }`。
set-same = <#{ $channel }> 已在使用 Midjourney 频道 `{ $mj }`；未做任何更改。
unset-done = 已移除 <#{ $channel }> 的映射。那里的命令现在使用{ $fallback }。
unset-same = <#{ $channel }> 没有自己的映射；未做任何更改。
default-done = 未映射频道中的命令现在使用 Midjourney 频道 `{ $mj }`。
default-same = 服务器默认已经是 `{ $mj }`；未做任何更改。
default-cleared = 已清除服务器默认。未映射频道中的命令现在使用{ $fallback }。
default-none = 没有服务器默认；未做任何更改。
verb-on = /{ $verb } 已在本服务器重新开启。
verb-off = /{ $verb } 现已在本服务器关闭，并从命令列表中隐藏。
verb-same-on = /{ $verb } 已在本服务器开启；未做任何更改。
verb-same-off = /{ $verb } 已在本服务器关闭；未做任何更改。
audit-on = 本服务器的每条 Midjourney 命令现在都会记录在 <#{ $channel }>：谁输入的、在哪里输入的，以及结果如何。
audit-same = <#{ $channel }> 已经是审核日志频道；未做任何更改。
audit-off = 审核日志已关闭。
audit-none = 没有审核日志频道；未做任何更改。
account-stored = useapi.net 接受了该令牌：本服务器的 Midjourney 命令现在使用服务器自己的账号（{ $channels } 个 Midjourney 频道）。令牌已密封保存，之后不会再向任何人显示，包括机器人的所有者。
account-removed = 已移除本服务器自己的 useapi.net 账号；其令牌已删除。
account-none = 本服务器没有自己的 useapi.net 账号；未做任何更改。
language-set = 本服务器的审核日志和警报现在使用{ $language }。
language-same = 本服务器的审核日志和警报已经在使用{ $language }；未做任何更改。
language-cleared = 本服务器的审核日志和警报现在跟随服务器的主要语言。
language-none = 本服务器没有选择语言；未做任何更改。
list-title = **Midjourney 频道映射**
list-empty = 还没有映射任何频道。请使用 `/mj-channel set`。
list-elsewhere = 其他所有频道：`{ $mj }`
list-elsewhere-fallback = 其他所有频道：{ $fallback }。
list-turned-off = 已关闭：{ $verbs }
list-audit = 审核日志：<#{ $channel }>
list-audit-failing = 审核日志：<#{ $channel }> ⚠️ 上次在那里发帖失败：请检查机器人在该频道的“查看频道”和“发送消息”权限
list-audit-off = 审核日志：关闭
list-language = 审核日志和警报的语言：{ $language }
list-unchecked = 无法通过 useapi.net 检查这些 ID：{ $error }
list-account-own = useapi.net 账号：服务器自己的账号，<t:{ $at }:R> 验证，{ $channels } 个 Midjourney 频道
list-account-operator = useapi.net 账号：机器人所有者的账号
list-account-none = useapi.net 账号：无；可用 `/mj-channel account set` 添加本服务器自己的账号
mark-pending = ⚠️ 待处理的审核{ $said }：{ fix-pending }
mark-missing = ⚠️ 未在 useapi.net 配置

## Account alerts and resolved lines (the whole server reads them)

said-quoted = （useapi.net 表示：“{ $said }”）
alert-pending = ⚠️ Midjourney 频道 `{ $mj }` 有待处理的审核消息或 CAPTCHA{ $said }，因此所有使用它的命令都会失败。解决方法：{ fix-pending }。
alert-pending-button = ⚠️ Midjourney 频道 `{ $mj }` 有待处理的审核消息或 CAPTCHA{ $said }，因此所有使用它的命令都会失败。解决方法：在 Midjourney 的 Discord 频道中处理，然后由服务器管理员点击下方的“{ reset-button }”。
alert-missing = ⚠️ Midjourney 频道 `{ $mj }` 已不再在 useapi.net 配置，因此所有映射到它的命令都会失败。解决方法：在 useapi.net 重新添加该账号，或用 `/mj-channel set` 映射另一个频道。
alert-works-again = ✅ Midjourney 频道 `{ $mj }` 已恢复正常。
alert-resolved = ✅ Midjourney 频道 `{ $mj }` 已恢复正常：待处理的审核已解决。
alert-configured-again = ✅ Midjourney 频道 `{ $mj }` 已恢复正常：它已重新在 useapi.net 配置。
alert-subscription-back = ✅ useapi.net 订阅已重新生效；Midjourney 命令已恢复正常。
alert-token-back = ✅ useapi.net 重新接受机器人的 API 令牌；Midjourney 命令已恢复正常。
alert-own-token-back = ✅ useapi.net 重新接受本服务器自己的 API 令牌；Midjourney 命令已恢复正常。
trouble-credit = ⚠️ useapi.net 报告没有有效订阅（HTTP 402），因此所有 Midjourney 命令都会失败。解决方法：机器人的管理员应续订 useapi.net 订阅。
trouble-own-credit = ⚠️ useapi.net 报告本服务器自己的账号没有有效订阅（HTTP 402），因此所有 Midjourney 命令都会失败。解决方法：服务器管理员应续订 useapi.net 订阅。
trouble-token = ⚠️ useapi.net 拒绝了机器人的 API 令牌（HTTP 401 或 403），因此所有 Midjourney 命令都会失败。解决方法：机器人的管理员应检查 USEAPI_TOKEN。
trouble-own-token = ⚠️ useapi.net 不再接受本服务器自己的 API 令牌（HTTP 401 或 403），因此所有 Midjourney 命令都会失败。解决方法：服务器管理员必须用 `/mj-channel account set` 重新输入服务器的令牌。

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> 在 <#{ $channel }> 使用 /{ $command } → { $mj }：{ $outcome }
audit-mj = Midjourney 频道 `{ $mj }`
audit-account-default = 账号默认频道
audit-no-text = （无文本）
audit-job = 任务 { $status }
audit-no-answer = { $secs } 秒内无响应
audit-unreachable = 无法连接 useapi.net
audit-broke-off = 与 useapi.net 的连接中断
audit-unexpected-body = HTTP { $status }，内容异常
audit-status = HTTP { $status }
audit-reset = 已在 useapi.net 重置 pendingModMessage
audit-reset-held = 已重置 pendingModMessage；Midjourney 仍在限制该频道
audit-enabled = 📋 <@{ $member }> 开启了审核日志：本服务器的每条 Midjourney 命令都会记录在这里。
audit-disabled = 📋 <@{ $member }> 关闭了审核日志。

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }；{ $secs } 秒后重试…
waiting-busy = useapi.net 繁忙（HTTP 429）
waiting-status = useapi.net 返回了 HTTP { $status }
waiting-unreachable = 无法连接 useapi.net
relay-empty = Midjourney 的回复没有任何文本。
cut-marker = …（已截断：其余内容对 Discord 来说太长）
