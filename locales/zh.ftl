# 中文界面。所有文字都是纯文本：代码负责转义和加粗。

welcome-title = 你好！我根据司法局的工作报告回答问题。
welcome-body = 每个回答都附上报告原文和出处；报告里没有的，我会直接说没有。
welcome-examples = 点一个例子试试，或者直接用自己的话提问：
welcome-follow = 回答后可以接着追问，例如「那梁平区呢？」；/reset 清除上下文。
welcome-reports = 点下面的报告查看摘要，/help 查看全部命令。
welcome-reports-typed = 发送 /summary 地区 查看摘要，/help 查看全部命令。

help-title = 命令
help-ask = 直接发送文字就是提问；回答后可以追问「那慈溪呢？」「存在什么问题？」。
help-example = 例如：
help-inline = 在任何聊天里输入 @{ $bot } 阳山 法律援助，也能查到答案。

cmd-start = 开始：功能介绍与示例问题
cmd-help = 帮助：全部命令与用法
cmd-ask = 提问（直接发送文字也可以）
cmd-summary = 某地司法局报告摘要
cmd-compare = 比较两个地区
cmd-reports = 已收录的报告
cmd-source = 查看最近一个回答中第 N 条引用的原文
cmd-language = 切换语言（中文 / English）
cmd-reset = 清除上下文，重新开始

usage-ask = /ask 问题
usage-summary = /summary [地区]
usage-compare = /compare 甲 乙 [主题]
usage-source = /source 编号

reports-title = 已收录 { $count } 份报告
reports-none = 还没有收录任何报告。
reports-hint = 发送 /summary 地区 查看摘要。

sources = 来源
source-button = 原文 { $n }
passage-title = 引用 [{ $n }] 的原文
follow-problems = 存在的问题
follow-compare = 与{ $region }对比
follow-summary = { $region }摘要
nearest-choices = 可以看看这些报告：

summary-figures = 关键数字
summary-hint = 点下面的按钮查看各部分。
summary-overview = 概览
section-measures = 主要措施
section-figures = 关键数字
section-problems = 存在问题
section-plans = 下一步
section-more = （这一部分较长，只显示前面的内容。）

compare-title = 比较两个地区
compare-step-first = 第一步：选择第一个地区。
compare-step-second = 第二步：选择第二个地区。
compare-step-topic = 第三步：选择主题。
compare-typed-hint = 也可以直接发送 /compare 阳山 梁平 法律援助
compare-chosen = 已选：{ $report }
compare-period-warning = 标 ⚠ 的报告与 { $period } 的时间范围不同，数字不能直接相比。
compare-both = { $a } 与 { $b }
compare-running = 正在比较…
compare-too-few = 至少需要两份报告才能比较。
compare-back = ← 返回
compare-cancel = 取消
compare-cancelled = 已取消比较。
compare-summary-of = 比较 { $a } 与 { $b } · { $topic }
compare-all-topics = 全部主题
topic-0 = 全部
topic-1 = 法律援助
topic-2 = 人民调解
topic-3 = 行政复议
topic-4 = 社区矫正
topic-5 = 安置帮教
topic-6 = 普法
pick-summary = 请选择要查看摘要的报告：
summary-running = { $region }：正在整理摘要…

language-pick = 请选择语言 / Choose a language:
language-set = 已切换为中文。
reset-done = 已清除上下文：下一个问题会重新理解，不再接着上一个问题。

notice-emptyQuestion = 请在 /ask 后面写上问题，例如：
notice-tooLong = 消息太长了（超过 { $max } 字）。请只发送问题本身，例如：
notice-sourceUsage = 请写上引用编号，例如：/source 1
notice-noLastAnswer = 还没有可以查看的引用：请先提一个问题。
notice-noSuchCitation = 最近一个回答里没有这个编号的引用。
notice-noPassage = 找不到这条引用的原文段落。
notice-unknownCommand = 没有这个命令。发送 /help 查看全部命令，或者直接用文字提问。
notice-nearCommand = 没有 /{ $command } 这个命令，你是不是想用 /{ $near }？
not-text = 我只能读文字消息：请用文字提问，或发送 /help 查看用法。
stale-button = 这个按钮已过期，请重新发送命令。
rate-limited = 你发得太快了，请稍等一分钟再问。
denied = 抱歉，这个机器人只对授权用户开放。
sorry = 抱歉，处理这条消息时出错了，请稍后再试。
inline-empty = 输入问题，例如：阳山 法律援助
inline-denied = 这个机器人只对授权用户开放。

upload-not-admin = 抱歉，只有管理员可以上传报告。可以直接用文字提问。
upload-wrong-type = 只能导入这些格式的报告：{ $types }。
upload-too-big = 文件超过 { $limit }，不能导入。
upload-done = 报告已导入
upload-count = 现在共收录 { $count } 份报告，可以直接提问了。
upload-failed = 无法导入这个文件
upload-unchanged = 现有的报告没有变化。
upload-duplicate = 这份报告已经收录
upload-duplicate-detail = 内容与已有的 { $existing } 完全相同，没有重复导入。
upload-replace-title = 要替换已有的报告吗？
upload-same-name = 文件名与已有报告 { $existing } 相同。
upload-same-report = 与已有报告 { $existing } 是同一单位、年份和期间（{ $report }）。
upload-replace-detail = 替换后旧版本仍会保留，可以用 /versions 恢复；不替换则现有报告不变（上传的文件作为版本保留）。
upload-replace-button = 替换 { $file }
upload-keep-button = 不替换
upload-kept = 好的，现有报告不变；上传的文件已作为版本保留（/versions）。
upload-replacing = 正在替换…
upload-replaced = 报告已替换
upload-replaced-detail = 旧版本已保留（/versions 可恢复）。现在共收录 { $count } 份报告。
remove-usage = 用法：/remove 文件名或地区，例如 /remove 清新区。删除前会列出匹配的报告，按按钮才删除。
remove-none = 没有与“{ $query }”匹配的报告（/reports 列出已收录的报告）。
remove-title = 要删除哪一份报告？
remove-more = 还有 { $count } 份匹配的报告没有列出，请输入更具体的文件名。
remove-hint = 按按钮删除该报告：它不再用于回答，文件作为版本保留，可以用 /versions 恢复。
remove-button = 删除 { $n }
remove-removing = 正在删除…
remove-done = 报告已删除
remove-done-detail = 文件已作为版本保留（/versions 可恢复）。现在共收录 { $count } 份报告。
remove-failed = 无法删除这份报告
versions-none = 还没有保存的报告版本（上传或替换报告后才有）。
versions-title = 报告版本
versions-row = { $n }. { $file }（{ $savedAt }，上传名：{ $name }）
versions-hint = 按按钮把该版本恢复为当前报告（当前的会作为版本保留）。
versions-restore = 恢复 { $n }

chat-pick-summary = 请写上地区，例如：/summary 慈溪。可选：{ $regions }
chat-pick-compare = 请写上两个地区和可选的主题，例如：/compare 阳山 梁平 法律援助。可选：{ $regions }
