# English interface. Every message is plain text: the code escapes it and adds bold.

welcome-title = Hello! I answer questions from the judicial bureaus' annual work reports.
welcome-body = Every answer quotes the report's own words and says where they stand; when the reports don't say, I tell you so.
welcome-examples = Tap an example, or ask in your own words (English or Chinese):
welcome-follow = You can follow up, e.g. "And Liangping?"; /reset clears the context.
welcome-reports = Tap a report below for its summary; /help lists every command.
welcome-reports-typed = Send /summary REGION for a summary; /help lists every command.

help-title = Commands
help-ask = Any text is a question; after an answer you can follow up ("And Cixi?", "What problems remain?").
help-example = For example:
help-inline = In any chat, type @{ $bot } Yangshan legal aid to look an answer up.

cmd-start = Start: what this bot does, with examples
cmd-help = Help: all commands and how to use them
cmd-ask = Ask a question (plain text works too)
cmd-summary = Summary of a bureau's report
cmd-compare = Compare two regions
cmd-reports = Reports the bot knows
cmd-source = Full passage of citation N of the latest answer
cmd-language = Switch language (中文 / English)
cmd-reset = Clear the context and start afresh

usage-ask = /ask QUESTION
usage-summary = /summary [REGION]
usage-compare = /compare A B [TOPIC]
usage-source = /source N

reports-title = { $count } reports
reports-none = No reports yet.
reports-hint = Send /summary REGION for a summary.

sources = Sources
source-button = Source { $n }
passage-title = Full passage of citation [{ $n }]
follow-problems = Problems
follow-compare = Compare with { $region }
follow-summary = { $region } summary
nearest-choices = These reports may help:

summary-figures = Key figures
summary-hint = Tap a button below for each part.
summary-overview = Overview
section-measures = Measures
section-figures = Figures
section-problems = Problems
section-plans = Next steps
section-more = (This part is long: only its beginning is shown.)

compare-title = Compare two regions
compare-step-first = Step 1: choose the first region.
compare-step-second = Step 2: choose the second region.
compare-step-topic = Step 3: choose a topic.
compare-typed-hint = Or type /compare 阳山 梁平 法律援助
compare-chosen = Chosen: { $report }
compare-period-warning = Reports marked ⚠ cover another period than { $period }: their figures do not compare directly.
compare-both = { $a } and { $b }
compare-running = Comparing…
compare-too-few = At least two reports are needed for a comparison.
compare-back = ← Back
compare-cancel = Cancel
compare-cancelled = Comparison cancelled.
compare-summary-of = Comparing { $a } and { $b } · { $topic }
compare-all-topics = all topics
topic-0 = All
topic-1 = Legal aid
topic-2 = Mediation
topic-3 = Admin. review
topic-4 = Community corrections
topic-5 = Resettlement
topic-6 = Legal education
pick-summary = Choose a report for its summary:
summary-running = { $region }: preparing the summary…

language-pick = 请选择语言 / Choose a language:
language-set = Language set to English.
reset-done = Context cleared: the next question is read on its own, not as a follow-up.

notice-emptyQuestion = Write the question after /ask, for example:
notice-tooLong = That message is too long (over { $max } characters). Send just the question, for example:
notice-sourceUsage = Add the citation number, e.g. /source 1
notice-noLastAnswer = No citations to show yet: ask a question first.
notice-noSuchCitation = The latest answer has no citation with that number.
notice-noPassage = The passage of that citation could not be found.
notice-unknownCommand = There is no such command. Send /help for the list, or just ask in words.
notice-nearCommand = There is no /{ $command } command. Did you mean /{ $near }?
not-text = I can only read text: ask in words, or send /help.
stale-button = This button has expired: please send the command again.
rate-limited = You're sending too fast: please wait a minute.
denied = Sorry, this bot only answers authorised users.
sorry = Sorry, something went wrong with this message. Please try again later.
inline-empty = Type a question, e.g. Yangshan legal aid
inline-denied = This bot only answers authorised users.

upload-not-admin = Sorry, only admins may upload reports. You can ask questions in words.
upload-wrong-type = Only reports of these formats can be imported: { $types }.
upload-too-big = The file is over { $limit }: it cannot be imported.
upload-done = Report imported
upload-count = { $count } reports now: ask away.
upload-failed = Could not import this file
upload-unchanged = The existing reports are unchanged.
upload-duplicate = This report is already in
upload-duplicate-detail = Its content is the same as { $existing }: it was not added twice.
upload-replace-title = Replace an existing report?
upload-same-name = An existing report has the same file name: { $existing }.
upload-same-report = The existing report { $existing } is of the same bureau, year and period ({ $report }).
upload-replace-detail = Replaced, the old version is kept and /versions can restore it; not replaced, the existing report stays (the upload is kept as a version).
upload-replace-button = Replace { $file }
upload-keep-button = Keep the existing one
upload-kept = The existing report stays; the upload is kept as a version (/versions).
upload-replacing = Replacing…
upload-replaced = Report replaced
upload-replaced-detail = The old version is kept (/versions restores it). { $count } reports now.
remove-usage = Usage: /remove file name or region, e.g. /remove 清新区. The matching reports are listed first; a button press removes one.
remove-none = No report matches “{ $query }” (/reports lists them).
remove-title = Which report should be removed?
remove-more = { $count } more reports match; type more of the file name.
remove-hint = Press a button to remove that report: it no longer answers questions, and its file is kept as a version that /versions restores.
remove-button = Remove { $n }
remove-removing = Removing…
remove-done = Report removed
remove-done-detail = Its file is kept as a version (/versions restores it). { $count } reports now.
remove-failed = Could not remove this report
versions-none = No kept report versions yet (they come with uploads and replacements).
versions-title = Report versions
versions-row = { $n }. { $file } ({ $savedAt }, uploaded as { $name })
versions-hint = Press a button to make that version the current report (the current one is kept as a version).
versions-restore = Restore { $n }

chat-pick-summary = Add a region, e.g. /summary 慈溪. Regions: { $regions }
chat-pick-compare = Add two regions and an optional topic, e.g. /compare 阳山 梁平 法律援助. Regions: { $regions }
