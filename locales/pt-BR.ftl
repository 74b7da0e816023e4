# mj-bridge: português do Brasil. Mesmas chaves e $marcadores que en-US.ftl.

language-name = Português do Brasil

## Commands, options and choices (at most 100 characters each)

cmd-fast = Mudar o Midjourney para o modo fast
cmd-relax = Mudar o Midjourney para o modo relax (ilimitado, mais lento)
cmd-turbo = Mudar o Midjourney para o modo turbo (o mais rápido, usa mais tempo de GPU)
cmd-info = Mostrar o painel de informações da conta do Midjourney
cmd-variability = Ativar ou desativar o modo de alta variabilidade do Midjourney
cmd-mj-channel = Vincular canais do Discord a canais do Midjourney (só com Gerenciar servidor)
opt-midjourney-channel = ID de um canal do Midjourney configurado na useapi.net (17–20 dígitos)
opt-discord-channel = Canal ou tópico do Discord (padrão: aquele em que você está digitando)
opt-verb = O comando
sub-set = Enviar os comandos de um canal do Discord para um canal do Midjourney
sub-unset = Remover o vínculo de um canal do Discord
sub-default = Definir o canal do Midjourney dos canais sem vínculo; deixe vazio para remover
sub-list = Mostrar os vínculos, os comandos desativados e o canal de auditoria deste servidor
group-verbs = Ativar ou desativar comandos do Midjourney neste servidor
sub-enable = Ativar um comando de novo
sub-disable = Desativar um comando neste servidor
sub-audit = Registrar cada comando do Midjourney em um canal; deixe vazio para parar
opt-audit-channel = Canal do registro de auditoria (o bot precisa de Ver canal e Enviar mensagens)
group-account = A conta da useapi.net que este servidor usa
sub-account-reset = Depois de resolver uma mensagem de moderação ou CAPTCHA no Midjourney, redefinir na useapi.net
sub-account-set = Informar o token de API da useapi.net deste servidor (salvo criptografado, visível para ninguém)
sub-account-clear = Remover a conta própria da useapi.net deste servidor
sub-language = Escolher o idioma das linhas de auditoria e dos alertas deste servidor
opt-language = O idioma; "default" segue o idioma principal do servidor
choice-language-default = Padrão: o idioma principal do servidor

## The token form (title and label at most 45 characters)

form-title = Conta da useapi.net deste servidor
form-token-label = Token de API da useapi.net
form-token-placeholder = Ninguém mais vê; salvo apenas criptografado

## Buttons (at most 80 characters)

reset-button = Resolvido: redefinir

## Errors a member reads

error-generic = Algo deu errado dentro do bot. O admin dele pode ver os detalhes no registro do bot.
error-database-unreachable = Não foi possível acessar o banco de dados de configurações; nada foi alterado. Tente de novo em instantes (os comandos continuam usando as últimas configurações conhecidas).
error-database-busy = O banco de dados de configurações está ocupado com outra alteração deste servidor; nada foi alterado. Tente de novo em instantes.
error-mapping-not-saved = O bot não conseguiu salvar o vínculo, então nada foi alterado. O admin dele pode ver o motivo no registro do bot.
error-invalid-id = Nada foi alterado: `{ $shown }` não é um ID de canal do Discord: ele deve ter de 17 a 20 dígitos (no Discord, ative o Modo desenvolvedor, clique com o botão direito no canal do Midjourney e escolha Copiar ID do canal).
error-not-admin = Só membros com a permissão Gerenciar servidor podem alterar os vínculos de canais do Midjourney. Nada foi alterado.
error-not-in-guild = Este comando só funciona dentro de um servidor.
error-verb-disabled = /{ $verb } está desativado neste servidor. Um admin do servidor pode ativá-lo de novo com `/mj-channel verbs enable verb:{ $verb }`.
error-unknown-mj-channel = A useapi.net não tem nenhuma conta do Midjourney configurada para o canal `{ $mj }`, então nada foi alterado. Primeiro adicione a conta na useapi.net (POST /v2/account/midjourney/{ $mj }, veja https://useapi.net/docs/api-v2/post-account-midjourney-channel) e tente de novo.
error-restarting = O bot está reiniciando. Tente de novo em instantes.
error-not-enabled-here = Este bot não está habilitado neste servidor, então os comandos dele não fazem nada aqui. Só o dono do bot pode habilitá-lo.
error-cooling-down = Aqui cada membro pode enviar um comando do Midjourney a cada { $period } segundos. Você poderá enviar o próximo <t:{ $retry }:R>.
error-audit-cannot-see = O bot não consegue ver <#{ $channel }>, então ele não virou o canal de auditoria: dê ao bot Ver canal e Enviar mensagens nele (Configurações do canal → Permissões) e tente de novo. Nada foi alterado.
error-audit-cannot-send = O bot consegue ver <#{ $channel }>, mas não tem Enviar mensagens nele, então ele não virou o canal de auditoria: dê ao bot Enviar mensagens nele (Configurações do canal → Permissões) e tente de novo. Nada foi alterado.
error-audit-post-failed = O bot não conseguiu publicar em <#{ $channel }> ({ $why }), então ele não virou o canal de auditoria. Nada foi alterado.
why-discord-status = o Discord respondeu HTTP { $status }
why-discord-unreachable = não foi possível acessar o Discord
error-no-account = Este servidor não tem nenhuma conta da useapi.net que o bot possa usar, então nada foi enviado. Um admin do servidor pode adicionar a conta própria do servidor com `/mj-channel account set`.
error-account-unreadable = Não é mais possível abrir o token da useapi.net deste servidor (ele foi salvo com uma chave que o bot não tem mais, ou foi alterado), então nada foi enviado. Um admin do servidor precisa informá-lo de novo com `/mj-channel account set`.
error-own-accounts-off = Este bot não guarda contas próprias da useapi.net dos servidores: o dono dele não definiu SECRETS_KEY. Nada foi alterado.
error-token-refused = A useapi.net recusou este token; nada foi salvo. Copie o token de API da sua conta da useapi.net e tente `/mj-channel account set` de novo.
error-bad-token = Nada foi salvo: { $why }; cole apenas o token de API da sua conta da useapi.net e tente `/mj-channel account set` de novo.
bad-token-empty = o campo do token estava vazio
bad-token-too-long = um token de API da useapi.net tem no máximo { $max } caracteres, e este era maior
bad-token-multi-line = um token de API da useapi.net tem uma só linha, e este tinha várias
bad-token-not-one-word = um token de API da useapi.net não tem espaços nem caracteres de controle, e este tinha
error-unknown-command = Esta versão do bot não conhece este comando; ele recebe os comandos atuais na próxima vez que iniciar. Se isso continuar acontecendo, avise o dono do bot.
error-unreadable-command = Este bot ainda não consegue ler este comando: o Discord o enviou num formato que esta versão do bot não entende. Avise os admins do servidor; o dono do bot pode ver os detalhes no registro do bot.
error-reply-refused = O Discord se recusou a mostrar aqui a resposta do Midjourney, então ela não pôde ser publicada. Tente de novo; se isso continuar acontecendo, o admin do bot pode ver o motivo do Discord no registro do bot.
stored-unverified = Ele foi salvo mesmo assim, sem verificação com a useapi.net: { $reason }
commands-not-refreshed = (Não foi possível atualizar a lista de comandos; ela será atualizada na próxima vez que o bot iniciar.)

## useapi.net's answers, as a member reads them ($said: useapi's own words, or nothing)

useapi-said = {" "}A useapi.net disse: “{ $said }”.
useapi-bad-request = A useapi.net rejeitou a solicitação (HTTP { $status }).{ $said } Um admin do servidor deve conferir o vínculo deste canal com `/mj-channel list` e comparar com as contas do Midjourney configuradas na useapi.net.
useapi-token-refused = A useapi.net não aceitou o token de API do bot (HTTP { $status }).{ $said } O admin do bot deve verificar USEAPI_TOKEN.
useapi-no-credit = A useapi.net informa que não há assinatura ativa (HTTP { $status }).{ $said } O admin do bot deve renovar a assinatura da useapi.net.
useapi-gone = A useapi.net não tem esse endpoint (HTTP { $status }).{ $said } O serviço pode tê-lo retirado (a useapi.net anunciou o fim do suporte ao Midjourney para 24/06/2026); o admin do bot deve verificar USEAPI_BASE_URL.
useapi-busy = A useapi.net está ocupada agora (HTTP { $status }).{ $said } Tente de novo daqui a 10 a 30 segundos.
useapi-needs-human = A conta do Midjourney tem uma mensagem de moderação ou CAPTCHA pendente (HTTP { $status }).{ $said } Alguém precisa resolver isso no canal do Discord do Midjourney; depois, um admin do servidor pode redefinir com “{ reset-button }” no alerta do canal de auditoria (ou `/mj-channel account reset`). Até lá todos os comandos falham, então tentar de novo não vai adiantar.
useapi-unavailable = A useapi.net ou o Midjourney está com problemas (HTTP { $status }).{ $said } Tente de novo daqui a pouco.
useapi-unexpected = A useapi.net respondeu com um HTTP { $status } inesperado.{ $said }
useapi-job-failed = O Midjourney não concluiu o comando (status do job: { $job }).{ $said } Tente de novo daqui a pouco.
useapi-timeout = A useapi.net não respondeu em { $secs ->
    [one] 1 segundo
   *[other] { $secs } segundos
}. O Midjourney pode estar lento; tente de novo daqui a pouco.
useapi-connect = O bot não conseguiu acessar a useapi.net. Tente de novo daqui a pouco; se isso continuar acontecendo, o admin do bot deve verificar USEAPI_BASE_URL e a rede do host.
useapi-transport = A conexão com a useapi.net caiu. Tente de novo daqui a pouco.
useapi-queue-full = Há comandos demais esperando pela useapi.net agora ({ $waiting } na fila). Tente de novo daqui a um minuto.
useapi-invalid-body = A useapi.net respondeu HTTP { $status } com algo que não é o JSON esperado. Tente de novo daqui a pouco; se isso continuar acontecendo, o admin do bot deve verificar USEAPI_BASE_URL.
own-token-refused = A useapi.net não aceita mais o token de API próprio deste servidor (HTTP { $status }).{ $said } Um admin do servidor precisa informar o token do servidor de novo com `/mj-channel account set`.
own-no-credit = A useapi.net informa que a conta própria deste servidor não tem assinatura ativa (HTTP { $status }).{ $said } Um admin do servidor deve renová-la na useapi.net.

## What ends a pending moderation

fix-pending = resolva no canal do Discord do Midjourney e depois redefina pendingModMessage na useapi.net

## A reset of pendingModMessage

reset-not-admin = Só membros com a permissão Gerenciar servidor podem redefinir uma conta do Midjourney. Nada foi redefinido.
reset-not-here = Este servidor usa a conta da useapi.net do dono do bot, que só ele pode redefinir (`mj-bridge account reset CHANNEL`). Nada foi redefinido; avise o dono do bot.
reset-under-way = Outro admin está redefinindo o canal do Midjourney `{ $mj }` agora; o alerta vai dizer como foi. Nada mais foi enviado.
reset-token-refused-own = A useapi.net recusou o token de API (HTTP { $status }), então nada foi redefinido. Um admin do servidor precisa informar o token deste servidor de novo com `/mj-channel account set` e depois clicar de novo.
reset-token-refused-operator = A useapi.net recusou o token de API (HTTP { $status }), então nada foi redefinido. O dono do bot deve verificar USEAPI_TOKEN.
reset-not-configured = A useapi.net não tem nenhuma conta do Midjourney configurada para o canal `{ $mj }` (HTTP 404), então nada foi redefinido. Confira o canal com `/mj-channel list` ou adicione a conta na useapi.net de novo.
reset-failed = A useapi.net não redefiniu o canal ({ $why }), então nada foi redefinido. Clique de novo daqui a um minuto.
why-no-answer = sem resposta em { $secs } s
why-status = HTTP { $status }
why-useapi-unreachable = não foi possível acessar a useapi.net
why-broke-off = a conexão caiu
reset-done = Canal do Midjourney `{ $mj }`: pendingModMessage redefinido na useapi.net por <@{ $member }> <t:{ $at }:f>
reset-free = ✅ { $done }; o Midjourney não está mais bloqueando o canal.
reset-already-fine = ✅ O canal do Midjourney `{ $mj }` já voltou a funcionar; nada foi redefinido.
reset-held = ⚠️ { $done }, mas o Midjourney ainda está bloqueando o canal: primeiro resolva a mensagem de moderação ou o CAPTCHA no canal do Discord do Midjourney e depois { $again }.
reset-again-press = clique em “{ reset-button }” de novo
reset-again-command = execute este comando de novo
reset-unknown = ✅ { $done }. Não foi possível ler a conta de novo agora; a próxima verificação vai dizer se o Midjourney ainda está bloqueando o canal.

## /mj-channel answers

fallback-default = o padrão do servidor, o canal do Midjourney `{ $mj }`
fallback-only = o único canal do Midjourney da conta da useapi.net (se houver vários, vincule um)
set-done = Os comandos em <#{ $channel }> e nos tópicos dele agora usam o canal do Midjourney `{ $mj }`.
set-same = <#{ $channel }> já usa o canal do Midjourney `{ $mj }`; nada foi alterado.
unset-done = O vínculo de <#{ $channel }> foi removido. Os comandos nele agora usam { $fallback }.
unset-same = <#{ $channel }> não tinha vínculo próprio; nada foi alterado.
default-done = Os comandos em canais sem vínculo agora usam o canal do Midjourney `{ $mj }`.
default-same = O padrão do servidor já é `{ $mj }`; nada foi alterado.
default-cleared = O padrão do servidor foi removido. Os comandos em canais sem vínculo agora usam { $fallback }.
default-none = Não havia padrão do servidor; nada foi alterado.
verb-on = /{ $verb } está ativado de novo neste servidor.
verb-off = /{ $verb } agora está desativado neste servidor e oculto da lista de comandos dele.
verb-same-on = /{ $verb } já está ativado neste servidor; nada foi alterado.
verb-same-off = /{ $verb } já está desativado neste servidor; nada foi alterado.
audit-on = Cada comando do Midjourney neste servidor agora é registrado em <#{ $channel }>: quem digitou, onde e como terminou.
audit-same = <#{ $channel }> já é o canal de auditoria; nada foi alterado.
audit-off = O registro de auditoria está desativado.
audit-none = Não havia canal de auditoria; nada foi alterado.
account-stored = A useapi.net aceitou o token: os comandos do Midjourney deste servidor agora usam a conta própria dele ({ $channels } canais do Midjourney). O token é salvo lacrado e nunca mais é mostrado, nem mesmo ao dono do bot.
account-removed = A conta própria da useapi.net deste servidor foi removida; o token dela foi apagado.
account-none = Este servidor não tinha conta própria da useapi.net; nada foi alterado.
language-set = As linhas de auditoria e os alertas deste servidor agora estão em { $language }.
language-same = As linhas de auditoria e os alertas deste servidor já estão em { $language }; nada foi alterado.
language-cleared = As linhas de auditoria e os alertas deste servidor agora seguem o idioma principal do servidor.
language-none = Nenhum idioma estava escolhido para este servidor; nada foi alterado.
list-title = **Vínculos de canais do Midjourney**
list-empty = Nenhum canal vinculado ainda. Use `/mj-channel set`.
list-elsewhere = Em todos os outros: `{ $mj }`
list-elsewhere-fallback = Em todos os outros: { $fallback }.
list-turned-off = Desativados: { $verbs }
list-audit = Registro de auditoria: <#{ $channel }>
list-audit-failing = Registro de auditoria: <#{ $channel }> ⚠️ a última publicação nele falhou: verifique as permissões Ver canal e Enviar mensagens do bot nesse canal
list-audit-off = Registro de auditoria: desativado
list-language = Idioma das linhas de auditoria e dos alertas: { $language }
list-unchecked = Não foi possível verificar os IDs com a useapi.net: { $error }
list-account-own = Conta da useapi.net: conta própria, verificada <t:{ $at }:R>, { $channels } canais do Midjourney
list-account-operator = Conta da useapi.net: a conta do dono do bot
list-account-none = Conta da useapi.net: nenhuma: adicione a deste servidor com `/mj-channel account set`
mark-pending = ⚠️ moderação pendente{ $said }: { fix-pending }
mark-missing = ⚠️ não configurado na useapi.net

## Account alerts and resolved lines (the whole server reads them)

said-quoted = {" "}(a useapi.net diz: “{ $said }”)
alert-pending = ⚠️ O canal do Midjourney `{ $mj }` tem uma mensagem de moderação ou CAPTCHA pendente{ $said }, então todo comando que o usa falha. Como resolver: { fix-pending }.
alert-pending-button = ⚠️ O canal do Midjourney `{ $mj }` tem uma mensagem de moderação ou CAPTCHA pendente{ $said }, então todo comando que o usa falha. Como resolver: resolva no canal do Discord do Midjourney e depois um admin do servidor clica em “{ reset-button }” abaixo.
alert-missing = ⚠️ O canal do Midjourney `{ $mj }` não está mais configurado na useapi.net, então todo comando vinculado a ele falha. Como resolver: adicione a conta na useapi.net de novo ou vincule outro canal com `/mj-channel set`.
alert-works-again = ✅ O canal do Midjourney `{ $mj }` voltou a funcionar.
alert-resolved = ✅ O canal do Midjourney `{ $mj }` voltou a funcionar: a moderação pendente foi resolvida.
alert-configured-again = ✅ O canal do Midjourney `{ $mj }` voltou a funcionar: ele está configurado na useapi.net de novo.
alert-subscription-back = ✅ A assinatura da useapi.net está ativa de novo; os comandos do Midjourney voltaram a funcionar.
alert-token-back = ✅ A useapi.net voltou a aceitar o token de API do bot; os comandos do Midjourney voltaram a funcionar.
alert-own-token-back = ✅ A useapi.net voltou a aceitar o token de API próprio deste servidor; os comandos do Midjourney voltaram a funcionar.
trouble-credit = ⚠️ A useapi.net informa que não há assinatura ativa (HTTP 402), então todo comando do Midjourney falha. Como resolver: o admin do bot deve renovar a assinatura da useapi.net.
trouble-own-credit = ⚠️ A useapi.net informa que a conta própria deste servidor não tem assinatura ativa (HTTP 402), então todo comando do Midjourney falha. Como resolver: um admin do servidor deve renovar a assinatura da useapi.net.
trouble-token = ⚠️ A useapi.net recusa o token de API do bot (HTTP 401 ou 403), então todo comando do Midjourney falha. Como resolver: o admin do bot deve verificar USEAPI_TOKEN.
trouble-own-token = ⚠️ A useapi.net não aceita mais o token de API próprio deste servidor (HTTP 401 ou 403), então todo comando do Midjourney falha. Como resolver: um admin do servidor precisa informar o token do servidor de novo com `/mj-channel account set`.

## Audit lines (the whole server reads them)

audit-line = <@{ $member }> /{ $command } em <#{ $channel }> → { $mj }: { $outcome }
audit-mj = canal do Midjourney `{ $mj }`
audit-account-default = padrão da conta
audit-no-text = (sem texto)
audit-job = job { $status }
audit-no-answer = sem resposta em { $secs } s
audit-unreachable = useapi.net inacessível
audit-broke-off = a conexão com a useapi.net caiu
audit-unexpected-body = HTTP { $status }, conteúdo inesperado
audit-status = HTTP { $status }
audit-reset = pendingModMessage redefinido na useapi.net
audit-reset-held = pendingModMessage redefinido; o Midjourney ainda bloqueia o canal
audit-enabled = 📋 registro de auditoria ativado por <@{ $member }>: cada comando do Midjourney neste servidor é registrado aqui.
audit-disabled = 📋 registro de auditoria desativado por <@{ $member }>.

## While a command waits, and Midjourney's empty answer

waiting = ⏳ { $why }; tentando de novo em { $secs } s…
waiting-busy = A useapi.net está ocupada (HTTP 429)
waiting-status = A useapi.net respondeu HTTP { $status }
waiting-unreachable = Não foi possível acessar a useapi.net
relay-empty = O Midjourney respondeu sem nenhum texto.
cut-marker = … (cortado: o restante era longo demais para o Discord)
