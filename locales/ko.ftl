# mj-bridge: 한국어. 키와 $자리표시자는 en-US.ftl과 같습니다.

language-name = 한국어

## Commands, options and choices (at most 100 characters each)

cmd-fast = Midjourney를 fast 모드로 전환합니다
cmd-relax = Midjourney를 relax 모드로 전환합니다 (무제한, 더 느림)
cmd-turbo = Midjourney를 turbo 모드로 전환합니다 (가장 빠름, GPU 시간을 더 사용)
cmd-info = Midjourney 계정의 정보 패널을 표시합니다
cmd-variability = Midjourney의 high variability 모드를 켜거나 끕니다
cmd-mj-channel = Discord 채널을 Midjourney 채널에 연결합니다 (서버 관리하기 권한 전용)
opt-midjourney-channel = useapi.net에 설정된 Midjourney 채널의 ID (17–20자리 숫자)
opt-discord-channel = Discord 채널 또는 스레드 (기본값: 지금 입력 중인 채널)
opt-verb = 명령어
sub-set = Discord 채널의 명령어를 Midjourney 채널로 보냅니다
sub-unset = Discord 채널의 연결을 해제합니다
sub-default = 연결되지 않은 채널에서 쓸 Midjourney 채널을 설정합니다. 비워 두면 해제됩니다
sub-list = 이 서버의 연결, 꺼진 명령어, 감사 로그 채널을 표시합니다
group-verbs = 이 서버에서 Midjourney 명령어를 켜거나 끕니다
sub-enable = 명령어를 다시 켭니다
sub-disable = 이 서버에서 명령어를 끕니다
sub-audit = 모든 Midjourney 명령어를 채널에 기록합니다. 비워 두면 중지됩니다
opt-audit-channel = 감사 로그 채널 (봇에게 채널 보기와 메시지 보내기 권한이 필요합니다)
group-account = 이 서버가 사용하는 useapi.net 계정
sub-account-reset = Midjourney에서 검토 메시지나 CAPTCHA를 해결한 뒤 useapi.net에서 초기화합니다
sub-account-set = 이 서버의 useapi.net API 토큰을 입력합니다 (암호화해 저장하며 아무에게도 표시되지 않음)
sub-account-clear = 이 서버 전용 useapi.net 계정을 삭제합니다
sub-language = 이 서버의 감사 로그와 알림 언어를 선택합니다
opt-language = 언어. 'default'는 서버의 기본 언어를 따릅니다
choice-language-default = 기본값: 서버의 기본 언어

## The token form (title and label at most 45 characters)

form-title = 이 서버의 useapi.net 계정
form-token-label = useapi.net API 토큰
form-token-placeholder = 다른 누구에게도 표시되지 않으며 암호화해서만 저장됩니다

## Buttons (at most 80 characters)

reset-button = 해결됨: 초기화

## Errors a member reads

error-generic = 봇 내부에서 문제가 발생했어요. 봇 관리자가 봇의 로그에서 자세한 내용을 확인할 수 있어요.
error-database-unreachable = 설정 데이터베이스에 연결할 수 없어 아무것도 변경되지 않았어요. 잠시 후 다시 시도해 주세요 (명령어는 마지막으로 알려진 설정을 계속 사용해요).
error-database-busy = 설정 데이터베이스가 이 서버의 다른 변경을 처리하는 중이라 아무것도 변경되지 않았어요. 잠시 후 다시 시도해 주세요.
error-mapping-not-saved = 봇이 연결을 저장하지 못해 아무것도 변경되지 않았어요. 봇 관리자가 봇의 로그에서 원인을 확인할 수 있어요.
error-invalid-id = 아무것도 변경되지 않았어요: `{ $shown }`은(는) Discord 채널 ID가 아니에요. 17~20자리 숫자여야 해요 (Discord에서 개발자 모드를 켜고 Midjourney 채널을 우클릭한 뒤 채널 ID 복사하기를 선택하세요).
error-not-admin = 서버 관리하기 권한이 있는 멤버만 Midjourney 채널 연결을 변경할 수 있어요. 아무것도 변경되지 않았어요.
error-not-in-guild = 이 명령어는 서버 안에서만 사용할 수 있어요.
error-verb-disabled = 이 서버에서는 /{ $verb } 명령어가 꺼져 있어요. 서버 관리자가 `/mj-channel verbs enable verb:{ $verb }`로 다시 켤 수 있어요.
error-unknown-mj-channel = useapi.net에 채널 `{ $mj }`용 Midjourney 계정이 설정되어 있지 않아 아무것도 변경되지 않았어요. 먼저 useapi.net에서 계정을 추가한 뒤 (POST /v2/account/midjourney/{ $mj }, https://useapi.net/docs/api-v2/post-account-midjourney-channel 참고) 다시 시도해 주세요.
error-restarting = 봇이 다시 시작하는 중이에요. 잠시 후 다시 시도해 주세요.
error-not-enabled-here = 이 서버에서는 봇이 활성화되지 않아 명령어가 작동하지 않아요. 봇 소유자만 활성화할 수 있어요.
error-cooling-down = 이 서버에서는 멤버마다 { $period }초에 한 번 Midjourney 명령어를 보낼 수 있어요. 다음 명령어는 <t:{ $retry }:R> 보낼 수 있어요.
error-audit-cannot-see = 봇이 <#{ $channel }> 채널을 볼 수 없어 감사 로그 채널로 지정하지 않았어요: 그 채널에서 봇에게 채널 보기와 메시지 보내기 권한을 준 뒤 (채널 설정 → 권한) 다시 시도해 주세요. 아무것도 변경되지 않았어요.
error-audit-cannot-send = 봇이 <#{ $channel }> 채널을 볼 수는 있지만 메시지 보내기 권한이 없어 감사 로그 채널로 지정하지 않았어요: 그 채널에서 봇에게 메시지 보내기 권한을 준 뒤 (채널 설정 → 권한) 다시 시도해 주세요. 아무것도 변경되지 않았어요.
error-audit-post-failed = 봇이 <#{ $channel }> 채널에 게시하지 못해 ({ $why }) 감사 로그 채널로 지정하지 않았어요. 아무것도 변경되지 않았어요.
why-discord-status = Discord가 HTTP { $status }로 응답함
why-discord-unreachable = Discord에 연결할 수 없음
error-no-account = 이 서버에는 봇이 사용할 수 있는 useapi.net 계정이 없어 아무것도 보내지 않았어요. 서버 관리자가 `/mj-channel account set`으로 서버 전용 계정을 추가할 수 있어요.
error-account-unreadable = 이 서버의 useapi.net 토큰을 더 이상 열 수 없어 (봇에 더 이상 없는 키로 저장되었거나 변조되었어요) 아무것도 보내지 않았어요. 서버 관리자가 `/mj-channel account set`으로 다시 입력해야 해요.
error-own-accounts-off = 이 봇은 서버 전용 useapi.net 계정을 보관하지 않아요: 소유자가 SECRETS_KEY를 설정하지 않았어요. 아무것도 변경되지 않았어요.
error-token-refused = useapi.net이 이 토큰을 거부해 아무것도 저장하지 않았어요. useapi.net 계정의 API 토큰을 복사해 `/mj-channel account set`을 다시 시도해 주세요.
error-bad-token = 아무것도 저장하지 않았어요: { $why }. useapi.net 계정의 API 토큰만 붙여넣고 `/mj-channel account set`을 다시 시도해 주세요.
bad-token-empty = 토큰 칸이 비어 있었어요
bad-token-too-long = useapi.net API 토큰은 최대 { $max }자인데 이 값은 더 길었어요
bad-token-multi-line = useapi.net API 토큰은 한 줄인데 이 값은 여러 줄이었어요
bad-token-not-one-word = useapi.net API 토큰에는 공백이나 제어 문자가 없는데 이 값에는 있었어요
error-unknown-command = 이 버전의 봇은 이 명령어를 알지 못해요. 다음에 시작할 때 최신 명령어를 받아요. 계속 이런 일이 생기면 봇 소유자에게 알려 주세요.
error-unreadable-command = 이 봇은 아직 이 명령어를 읽을 수 없어요: Discord가 이 버전의 봇이 이해하지 못하는 형식으로 보냈어요. 서버 관리자에게 알려 주세요. 봇 소유자가 봇의 로그에서 자세한 내용을 확인할 수 있어요.
error-reply-refused = Discord가 여기에 Midjourney의 답변을 표시하기를 거부해 게시하지 못했어요. 다시 시도해 주세요. 계속 이런 일이 생기면 봇 관리자가 봇의 로그에서 Discord가 밝힌 이유를 확인할 수 있어요.
stored-unverified = useapi.net에서 확인하지 못했지만 그래도 저장했어요: { $reason }
commands-not-refreshed = (명령어 목록을 새로 고치지 못했어요. 봇이 다음에 시작할 때 반영돼요.)

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = {" "}useapi.net의 메시지: “{ $said }”.
useapi-bad-request = useapi.net이 요청을 거부했어요 (HTTP { $status }).{ $said } 서버 관리자는 `/mj-channel list`로 이 채널의 연결을 확인해 useapi.net에 설정된 Midjourney 계정과 비교해 주세요.
useapi-token-refused = useapi.net이 봇의 API 토큰을 받아들이지 않았어요 (HTTP { $status }).{ $said } 봇 관리자는 USEAPI_TOKEN을 확인해 주세요.
useapi-no-credit = useapi.net에 따르면 활성 구독이 없어요 (HTTP { $status }).{ $said } 봇 관리자는 useapi.net 구독을 갱신해 주세요.
useapi-gone = useapi.net에 그런 엔드포인트가 없어요 (HTTP { $status }).{ $said } 서비스에서 제공을 중단했을 수 있어요 (useapi.net은 Midjourney 지원을 2026-06-24에 종료한다고 발표했어요). 봇 관리자는 USEAPI_BASE_URL을 확인해 주세요.
useapi-busy = 지금 useapi.net이 바빠요 (HTTP { $status }).{ $said } 10~30초 후에 다시 시도해 주세요.
useapi-needs-human = Midjourney 계정에 처리되지 않은 검토 메시지나 CAPTCHA가 있어요 (HTTP { $status }).{ $said } 누군가 Midjourney의 Discord 채널에서 해결해야 해요. 그다음 서버 관리자가 감사 로그 채널의 알림에 있는 “{ reset-button }” (또는 `/mj-channel account reset`)으로 초기화할 수 있어요. 그때까지는 모든 명령어가 실패하므로 다시 시도해도 소용없어요.
useapi-unavailable = useapi.net 또는 Midjourney에 문제가 있어요 (HTTP { $status }).{ $said } 잠시 후 다시 시도해 주세요.
useapi-unexpected = useapi.net이 예상치 못한 HTTP { $status }(으)로 응답했어요.{ $said }
useapi-job-failed = Midjourney가 명령어를 완료하지 않았어요 (작업 상태: { $job }).{ $said } 잠시 후 다시 시도해 주세요.
useapi-timeout = useapi.net이 { $secs ->
    [one] 1초
   *[other] { $secs }초
} 안에 응답하지 않았어요. Midjourney가 느린 것 같아요. 잠시 후 다시 시도해 주세요.
useapi-connect = 봇이 useapi.net에 연결하지 못했어요. 잠시 후 다시 시도해 주세요. 계속 이런 일이 생기면 봇 관리자는 USEAPI_BASE_URL과 호스트의 네트워크를 확인해 주세요.
useapi-transport = useapi.net과의 연결이 끊어졌어요. 잠시 후 다시 시도해 주세요.
useapi-queue-full = 지금 useapi.net을 기다리는 명령어가 너무 많아요 (대기열에 { $waiting }개). 1분 후에 다시 시도해 주세요.
useapi-invalid-body = useapi.net이 HTTP { $status }(으)로 응답했지만 예상한 JSON이 아니었어요. 잠시 후 다시 시도해 주세요. 계속 이런 일이 생기면 봇 관리자는 USEAPI_BASE_URL을 확인해 주세요.
own-token-refused = useapi.net이 더 이상 이 서버 전용 API 토큰을 받아들이지 않아요 (HTTP { $status }).{ $said } 서버 관리자가 `/mj-channel account set`으로 서버의 토큰을 다시 입력해야 해요.
own-no-credit = useapi.net에 따르면 이 서버 전용 계정에 활성 구독이 없어요 (HTTP { $status }).{ $said } 서버 관리자는 useapi.net에서 구독을 갱신해 주세요.

## What ends a pending moderation

fix-pending = Midjourney의 Discord 채널에서 해결한 뒤 useapi.net에서 pendingModMessage를 초기화하세요

## A reset of pendingModMessage

reset-not-admin = 서버 관리하기 권한이 있는 멤버만 Midjourney 계정을 초기화할 수 있어요. 아무것도 초기화하지 않았어요.
reset-not-here = 이 서버는 봇 소유자의 useapi.net 계정을 사용하며, 이 계정은 봇 소유자만 초기화할 수 있어요 (`mj-bridge account reset CHANNEL`). 아무것도 초기화하지 않았어요. 봇 소유자에게 알려 주세요.
reset-under-way = 다른 관리자가 지금 Midjourney 채널 `{ $mj }`을(를) 초기화하고 있어요. 결과는 알림에 표시돼요. 더 이상 아무것도 보내지 않았어요.
reset-token-refused-own = useapi.net이 API 토큰을 거부해 (HTTP { $status }) 아무것도 초기화하지 않았어요. 서버 관리자가 `/mj-channel account set`으로 이 서버의 토큰을 다시 입력한 뒤 다시 눌러 주세요.
reset-token-refused-operator = useapi.net이 API 토큰을 거부해 (HTTP { $status }) 아무것도 초기화하지 않았어요. 봇 소유자가 USEAPI_TOKEN을 확인해야 해요.
reset-not-configured = useapi.net에 채널 `{ $mj }`용 Midjourney 계정이 설정되어 있지 않아 (HTTP 404) 아무것도 초기화하지 않았어요. `/mj-channel list`로 채널을 확인하거나 useapi.net에서 계정을 다시 추가해 주세요.
reset-failed = useapi.net이 채널을 초기화하지 않아 ({ $why }) 아무것도 초기화하지 않았어요. 1분 후에 다시 눌러 주세요.
why-no-answer = { $secs }초 안에 응답 없음
why-status = HTTP { $status }
why-useapi-unreachable = useapi.net에 연결할 수 없음
why-broke-off = 연결이 끊어짐
reset-done = Midjourney 채널 `{ $mj }`: <@{ $member }> 님이 useapi.net에서 pendingModMessage를 초기화함 <t:{ $at }:f>
reset-free = ✅ { $done }. 이제 Midjourney가 채널을 막고 있지 않아요.
reset-already-fine = ✅ Midjourney 채널 `{ $mj }`은(는) 이미 다시 작동해요. 아무것도 초기화하지 않았어요.
reset-held = ⚠️ { $done }. 하지만 Midjourney가 아직 채널을 막고 있어요: 먼저 Midjourney의 Discord 채널에서 검토 메시지나 CAPTCHA를 해결한 뒤 { $again }.
reset-again-press = “{ reset-button }”을 다시 눌러 주세요
reset-again-command = 이 명령어를 다시 실행해 주세요
reset-unknown = ✅ { $done }. 지금은 계정을 다시 읽지 못했어요. Midjourney가 아직 채널을 막고 있는지는 다음 확인 때 알 수 있어요.

## /mj-channel answers

fallback-default = 서버 기본값인 Midjourney 채널 `{ $mj }`
fallback-only = useapi.net 계정의 유일한 Midjourney 채널 (여러 개라면 하나를 연결하세요)
set-done = 이제 <#{ $channel }> 채널과 그 스레드의 명령어는 Midjourney 채널 `{ $mj }`을(를) 사용해요.
set-same = <#{ $channel }> 채널은 이미 Midjourney 채널 `{ $mj }`을(를) 사용하고 있어요. 아무것도 변경되지 않았어요.
unset-done = <#{ $channel }> 채널의 연결을 해제했어요. 이제 그 채널의 명령어는 { $fallback }을(를) 사용해요.
unset-same = <#{ $channel }> 채널에는 자체 연결이 없었어요. 아무것도 변경되지 않았어요.
default-done = 이제 연결되지 않은 채널의 명령어는 Midjourney 채널 `{ $mj }`을(를) 사용해요.
default-same = 서버 기본값은 이미 `{ $mj }`이에요. 아무것도 변경되지 않았어요.
default-cleared = 서버 기본값을 해제했어요. 이제 연결되지 않은 채널의 명령어는 { $fallback }을(를) 사용해요.
default-none = 서버 기본값이 없었어요. 아무것도 변경되지 않았어요.
verb-on = 이 서버에서 /{ $verb } 명령어를 다시 켰어요.
verb-off = 이 서버에서 /{ $verb } 명령어를 끄고 명령어 목록에서 숨겼어요.
verb-same-on = 이 서버에서 /{ $verb } 명령어는 이미 켜져 있어요. 아무것도 변경되지 않았어요.
verb-same-off = 이 서버에서 /{ $verb } 명령어는 이미 꺼져 있어요. 아무것도 변경되지 않았어요.
audit-on = 이제 이 서버의 모든 Midjourney 명령어가 <#{ $channel }> 채널에 기록돼요: 누가, 어디에서 입력했고 어떻게 끝났는지요.
audit-same = <#{ $channel }> 채널은 이미 감사 로그 채널이에요. 아무것도 변경되지 않았어요.
audit-off = 감사 로그를 껐어요.
audit-none = 감사 로그 채널이 없었어요. 아무것도 변경되지 않았어요.
account-stored = useapi.net이 토큰을 받아들였어요: 이제 이 서버의 Midjourney 명령어는 서버 전용 계정을 사용해요 (Midjourney 채널 { $channels }개). 토큰은 봉인해 저장되며 봇 소유자를 포함해 누구에게도 다시 표시되지 않아요.
account-removed = 이 서버 전용 useapi.net 계정을 삭제했어요. 토큰도 지워졌어요.
account-none = 이 서버에는 전용 useapi.net 계정이 없었어요. 아무것도 변경되지 않았어요.
language-set = 이제 이 서버의 감사 로그와 알림은 { $language }(으)로 표시돼요.
language-same = 이 서버의 감사 로그와 알림은 이미 { $language }(으)로 표시되고 있어요. 아무것도 변경되지 않았어요.
language-cleared = 이제 이 서버의 감사 로그와 알림은 서버의 기본 언어를 따라요.
language-none = 이 서버에는 선택된 언어가 없었어요. 아무것도 변경되지 않았어요.
list-title = **Midjourney 채널 연결**
list-empty = 아직 연결된 채널이 없어요. `/mj-channel set`을 사용하세요.
list-elsewhere = 그 외 모든 곳: `{ $mj }`
list-elsewhere-fallback = 그 외 모든 곳: { $fallback }.
list-turned-off = 꺼짐: { $verbs }
list-audit = 감사 로그: <#{ $channel }>
list-audit-failing = 감사 로그: <#{ $channel }> ⚠️ 마지막 게시가 실패했어요: 그 채널에서 봇의 채널 보기와 메시지 보내기 권한을 확인하세요
list-audit-off = 감사 로그: 꺼짐
list-language = 감사 로그와 알림의 언어: { $language }
list-unchecked = useapi.net에서 ID를 확인하지 못했어요: { $error }
list-account-own = useapi.net 계정: 서버 전용 계정, <t:{ $at }:R> 확인됨, Midjourney 채널 { $channels }개
list-account-operator = useapi.net 계정: 봇 소유자의 계정
list-account-none = useapi.net 계정: 없음 (`/mj-channel account set`으로 이 서버 전용 계정을 추가하세요)
mark-pending = ⚠️ 검토 대기 중{ $said }: { fix-pending }
mark-missing = ⚠️ useapi.net에 설정되어 있지 않음

## Account alerts and resolved lines (the whole server reads them)

said-quoted = {" "}(useapi.net의 메시지: “{ $said }”)
alert-pending = ⚠️ Midjourney 채널 `{ $mj }`에 처리되지 않은 검토 메시지나 CAPTCHA가 있어요{ $said }. 그래서 이 채널을 쓰는 모든 명령어가 실패해요. 해결 방법: { fix-pending }.
alert-pending-button = ⚠️ Midjourney 채널 `{ $mj }`에 처리되지 않은 검토 메시지나 CAPTCHA가 있어요{ $said }. 그래서 이 채널을 쓰는 모든 명령어가 실패해요. 해결 방법: Midjourney의 Discord 채널에서 해결한 뒤 서버 관리자가 아래의 “{ reset-button }”을 누르세요.
alert-missing = ⚠️ Midjourney 채널 `{ $mj }`이(가) 더 이상 useapi.net에 설정되어 있지 않아, 이 채널에 연결된 모든 명령어가 실패해요. 해결 방법: useapi.net에서 계정을 다시 추가하거나 `/mj-channel set`으로 다른 채널을 연결하세요.
alert-works-again = ✅ Midjourney 채널 `{ $mj }`이(가) 다시 작동해요.
alert-resolved = ✅ Midjourney 채널 `{ $mj }`이(가) 다시 작동해요: 검토 대기가 해결됐어요.
alert-configured-again = ✅ Midjourney 채널 `{ $mj }`이(가) 다시 작동해요: useapi.net에 다시 설정됐어요.
alert-subscription-back = ✅ useapi.net 구독이 다시 활성화되어 Midjourney 명령어가 다시 작동해요.
alert-token-back = ✅ useapi.net이 봇의 API 토큰을 다시 받아들여 Midjourney 명령어가 다시 작동해요.
alert-own-token-back = ✅ useapi.net이 이 서버 전용 API 토큰을 다시 받아들여 Midjourney 명령어가 다시 작동해요.
trouble-credit = ⚠️ useapi.net에 따르면 활성 구독이 없어 (HTTP 402) 모든 Midjourney 명령어가 실패해요. 해결 방법: 봇 관리자가 useapi.net 구독을 갱신해야 해요.
trouble-own-credit = ⚠️ useapi.net에 따르면 이 서버 전용 계정에 활성 구독이 없어 (HTTP 402) 모든 Midjourney 명령어가 실패해요. 해결 방법: 서버 관리자가 useapi.net 구독을 갱신해야 해요.
trouble-token = ⚠️ useapi.net이 봇의 API 토큰을 거부해 (HTTP 401 또는 403) 모든 Midjourney 명령어가 실패해요. 해결 방법: 봇 관리자가 USEAPI_TOKEN을 확인해야 해요.
trouble-own-token = ⚠️ useapi.net이 더 이상 이 서버 전용 API 토큰을 받아들이지 않아 (HTTP 401 또는 403) 모든 Midjourney 명령어가 실패해요. 해결 방법: 서버 관리자가 `/mj-channel account set`으로 서버의 토큰을 다시 입력해야 해요.

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> 님이 <#{ $channel }>에서 /{ $command } → { $mj }: { $outcome }
audit-mj = Midjourney 채널 `{ $mj }`
audit-account-default = 계정 기본값
audit-no-text = (텍스트 없음)
audit-job = 작업 { $status }
audit-no-answer = { $secs }초 안에 응답 없음
audit-unreachable = useapi.net에 연결할 수 없음
audit-broke-off = useapi.net과의 연결이 끊어짐
audit-unexpected-body = HTTP { $status }, 예상치 못한 내용
audit-status = HTTP { $status }
audit-reset = useapi.net에서 pendingModMessage 초기화됨
audit-reset-held = pendingModMessage 초기화됨. Midjourney가 아직 채널을 막고 있음
audit-enabled = 📋 <@{ $member }> 님이 감사 로그를 켰어요: 이 서버의 모든 Midjourney 명령어가 여기에 기록돼요.
audit-disabled = 📋 <@{ $member }> 님이 감사 로그를 껐어요.

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }. { $secs }초 후에 다시 시도해요…
waiting-busy = useapi.net이 바빠요 (HTTP 429)
waiting-status = useapi.net이 HTTP { $status }(으)로 응답했어요
waiting-unreachable = useapi.net에 연결할 수 없어요
relay-empty = Midjourney가 텍스트 없이 답했어요.
cut-marker = … (잘림: 나머지는 Discord에 너무 길었어요)
