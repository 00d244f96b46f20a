# هدهد — العربية

## Command line help
cli-about = هدهد: أرسل البريد من سطح المكتب ومن برامجك النصية، عبر طابور لا يضيع فيه أي رسالة.
cli-mailto = رابط mailto: يُفتح في نافذة الكتابة
cli-send = إرسال رسالة (يُقرأ نصها من الدخل القياسي أو من ‎--body-file)
cli-account = إضافة حسابات الإرسال وعرضها واختبارها وحذفها
cli-account-add = إضافة حساب (تُحفظ كلمة المرور في سلسلة مفاتيح النظام)
cli-account-list = عرض الحسابات (تشير * إلى الحساب الافتراضي)
cli-account-test = الاتصال وتسجيل الدخول ثم قطع الاتصال، مع طباعة المحادثة مع الخادم
cli-account-remove = حذف حساب وكلمة مروره من سلسلة المفاتيح
cli-account-default = جعل حساب ما الحساب الافتراضي للإرسال
cli-account-name = الاسم المختصر للحساب
cli-email = عنوان البريد الإلكتروني للحساب
cli-host = اسم خادم SMTP
cli-port = منفذ SMTP (الافتراضي: 465 لـ tls و587 لـ starttls)
cli-security = طريقة تشفير الاتصال: tls (المنفذ 465) أو starttls (المنفذ 587) أو none (لهذا الجهاز فقط)
cli-username = اسم المستخدم لتسجيل الدخول (الافتراضي: عنوان البريد)
cli-display-name = الاسم الذي يراه المستلمون
cli-ca-file = ملف PEM لجهات تصديق إضافية موثوقة، لخادم بجهة تصديق خاصة
cli-signature = توقيع لرسائل هذا الحساب
cli-no-auth = الخادم لا يحتاج إلى تسجيل دخول
cli-password-stdin = قراءة كلمة المرور من الدخل القياسي بدلًا من طلبها
cli-allow-insecure = السماح باتصال غير مشفّر بجهاز آخر (غير مستحسن)
cli-make-default = جعل هذا الحساب هو الافتراضي
cli-from = الحساب الذي يُرسل منه (الافتراضي: الحساب الافتراضي)
cli-to = مستلم (كرّر الخيار لإضافة المزيد)
cli-cc = مستلم نسخة (كرّر الخيار لإضافة المزيد)
cli-bcc = مستلم نسخة مخفية (كرّر الخيار لإضافة المزيد)
cli-subject = الموضوع
cli-attach = ملف يُرفق (كرّر الخيار لإضافة المزيد)
cli-body-file = قراءة نص الرسالة من هذا الملف (الافتراضي: الدخل القياسي)
cli-show-transcript = طباعة المحادثة مع الخادم (لا تظهر كلمات المرور أبدًا)

## Command line messages
account-added = أُضيف الحساب «{ $name }». اختبره بالأمر: hudhud account test { $name }
account-removed = حُذف الحساب «{ $name }» وكلمة المرور المحفوظة له.
account-now-default = أصبح «{ $name }» الحساب الافتراضي.
account-list-empty = لا توجد حسابات بعد. أضف حسابًا بالأمر: hudhud account add NAME --email ADDRESS --host SERVER
account-test-ok = الحساب «{ $name }» يعمل: تم الاتصال وتسجيل الدخول ثم قطع الاتصال.
prompt-password = كلمة المرور:
send-accepted = أُرسلت الرسالة. ردّ الخادم: { $reply }
window-not-yet = النافذة ليست جزءًا من هذا الإصدار بعد. راجع «hudhud --help» لمعرفة ما يستطيعه سطر الأوامر.
warning-insecure = تحذير: سينتقل البريد إلى { $host } دون تشفير، ويمكن لأي أحد على الشبكة قراءته.

## Errors: configuration
error-config-no-home = لا يجد هدهد مجلد المنزل لحفظ إعداداته. عيّن HUDHUD_CONFIG_DIR وHUDHUD_DATA_DIR.
error-config-unreadable = تتعذّر قراءة ملف الإعدادات { $path }: { $reason }
error-config-invalid = في ملف الإعدادات { $path } خطأ في السطر { $line }، العمود { $column }: { $problem }. صحّحه في محرر نصوص؛ لم يغيّر هدهد الملف.
error-config-unwritable = تعذّر حفظ الإعدادات في { $path }: { $reason }
error-account-exists = يوجد حساب باسم «{ $name }» بالفعل. اختر اسمًا آخر.
error-account-unknown = لا يوجد حساب باسم «{ $name }». راجع «hudhud account list».
error-no-account = لا يوجد أي حساب بعد. أضف حسابًا بالأمر «hudhud account add».
error-invalid-email = «{ $address }» ليس عنوان بريد صالحًا: { $reason }.
error-insecure-needs-opt-in = الإرسال إلى { $host } دون تشفير يكشف بريدك على الشبكة. استخدم ‎--security tls أو starttls، أو أضف ‎--allow-insecure إن كنت تقصد ذلك حقًا.
error-ca-file-unreadable = لا يمكن استخدام ملف الشهادة { $path }: { $reason }
error-empty-password = كلمة المرور فارغة. اكتبها مرة أخرى، أو استخدم ‎--no-auth إن كان الخادم لا يحتاج إلى تسجيل دخول.
error-body-file = تتعذّر قراءة ملف نص الرسالة { $path }: { $reason }
error-body-stdin = تعذّرت قراءة نص الرسالة من الدخل القياسي: { $reason }

## Errors: keychain
error-keychain-unavailable = لا يمكن الوصول إلى سلسلة مفاتيح من هنا (في لينكس: لا توجد خدمة أسرار مثل GNOME Keyring أو KeePassXC على ناقل D-Bus لهذه الجلسة؛ وجلسات cron وSSH لا تملك واحدة عادةً). ({ $detail })
error-keychain-denied = رفضت سلسلة المفاتيح الوصول، وربما كانت مقفلة. افتح قفلها وحاول مجددًا. ({ $detail })
error-keychain-missing = لا توجد كلمة مرور للحساب «{ $name }» في سلسلة المفاتيح. أضف الحساب مرة أخرى لحفظها.
error-keychain-failed = أبلغت سلسلة المفاتيح عن خطأ: { $detail }

## Errors: composing
field-from = من
field-to = إلى
field-cc = نسخة
field-bcc = نسخة مخفية
address-empty = إنه فارغ
address-missing-parts = يحتاج إلى اسم ثم @ ثم نطاق، مثل name@example.com
address-unbalanced = قوس زاوية < أو > غير مغلق
address-invalid-user = الجزء الذي قبل @ يحتوي على أحرف غير مسموح بها
address-invalid-domain = الجزء الذي بعد @ ليس نطاقًا صالحًا
address-invalid-input = يحتوي على أحرف غير مسموح بها
error-invalid-address = العنوان رقم { $position } في حقل «{ $field }» (‏{ $address }) غير صالح: { $reason }.
error-no-recipients = ليس للرسالة أي مستلم. أضف عنوانًا واحدًا على الأقل في «إلى» أو «نسخة» أو «نسخة مخفية».
error-attachment-missing = المرفق { $path } غير موجود. تحقّق من الاسم أو أزله.
error-attachment-unreadable = تتعذّر قراءة المرفق { $path }: { $reason }
attachment-is-folder = إنه مجلد وليس ملفًا
eml-unreadable = تعذّرت قراءة الرسالة (مصدرها ليس رسالة بريد صالحة)
error-message-build = تعذّر تجميع الرسالة: { $reason }

## Errors: sending
step-connect = الاتصال
step-starttls = بدء التشفير
step-ehlo = تحية الخادم
step-auth = تسجيل الدخول
step-mail-from = تحديد المرسل
step-rcpt-to = تحديد المستلمين
step-data = بدء الرسالة
step-end-of-data = تأكيد الرسالة
step-reset = إعادة الضبط
step-noop = فحص الاتصال
step-quit = قطع الاتصال
smtp-connect-failed = تعذّر الاتصال بالخادم: { $reason }. تحقّق من اسم الخادم والمنفذ ومن شبكتك. سيحاول هدهد مجددًا.
smtp-timeout = لم يُجب الخادم في الوقت المحدد أثناء { $step }. سيحاول هدهد مجددًا.
smtp-connection-lost = انقطع الاتصال أثناء { $step }. سيحاول هدهد مجددًا.
smtp-unconfirmed = انقطع الاتصال بعد إرسال الرسالة كاملة وقبل أن يؤكّدها الخادم. ربما وصلت: تحقّق قبل إرسالها مرة أخرى.
smtp-auth-refused = رفض الخادم اسم المستخدم أو كلمة المرور. تحقّق منهما في إعدادات الحساب.
smtp-rejected-permanent = رفض الخادم الرسالة أثناء { $step }. لن تفيد إعادة الإرسال؛ اقرأ ردّ الخادم أدناه.
smtp-rejected-temporary = يرفض الخادم مؤقتًا أثناء { $step }. سيحاول هدهد مجددًا.
smtp-recipient-refused = رفض الخادم المستلم { $address }، فلم تُرسل الرسالة إلى أحد. صحّح هذا العنوان أو أزله.
smtp-recipient-deferred = لا يستطيع الخادم قبول المستلم { $address } الآن، فلم تُرسل الرسالة إلى أحد بعد. سيحاول هدهد مجددًا.
smtp-certificate-untrusted = شهادة الخادم غير موثوقة ({ $reason })، لذا لم يرسل هدهد كلمة مرورك ولا رسالتك. إن كان الخادم يستخدم جهة تصديق خاصة فحدّد شهادتها بالخيار ‎--ca-file.
smtp-tls-failed = تعذّر إنشاء اتصال مشفّر ({ $reason }). تحقّق من أن المنفذ يوافق إعداد الأمان (465 لـ tls و587 لـ starttls).
smtp-no-starttls = لا يعرض الخادم التشفير (STARTTLS)، لذا لم يسجّل هدهد الدخول ولم يرسل شيئًا. راجع إعدادات المنفذ والأمان مع مزوّد خدمتك.
smtp-insecure-refused = يستخدم هذا الحساب اتصالًا غير مشفّر بخادم على جهاز آخر. يرفض هدهد الإرسال بهذه الطريقة؛ اختر tls أو starttls.
smtp-password-needs-tls = الاتصال غير مشفّر، لذا لم يرسل هدهد كلمة مرورك. اختر tls أو starttls لهذا الحساب.
smtp-no-auth-mechanism = لا يعرض الخادم أي طريقة لتسجيل الدخول يدعمها هدهد (PLAIN أو LOGIN). راجع إعدادات الحساب مع مزوّد خدمتك.
smtp-no-password = لا توجد كلمة مرور محفوظة لهذا الحساب.
smtp-protocol = أجاب الخادم بشيء غير متوقع: { $reason }. سيحاول هدهد مجددًا.
smtp-too-big = حجم الرسالة { $size } والخادم لا يقبل أكثر من { $limit }، فلم تُرسل. احذف المرفقات أو صغّرها، أو شارك الملفات الكبيرة برابط.
smtp-server-said = ردّ الخادم: { $reply }
transcript-insecure-refused = مرفوض: اتصال غير مشفّر بجهاز آخر
transcript-message-content = [محتوى الرسالة، { $bytes } بايت]

## Outbox
state-queued = في الطابور
state-sending = قيد الإرسال
state-deferred = في انتظار إعادة المحاولة
state-sent = أُرسلت
state-failed = فشلت
state-unconfirmed = غير مؤكّدة
state-held = موقوفة
error-spool-io = تعذّر استخدام مجلد صندوق الصادر { $path }: { $reason }. تحقّق من وجود مساحة على القرص ومن أن المجلد ملك لك.
error-outbox-not-found = لا توجد رسالة { $id } في صندوق الصادر. راجع «hudhud outbox list».
error-outbox-wrong-state = حالة الرسالة { $id } هي «{ $state }»، فلا يمكن تنفيذ ذلك عليها.
error-outbox-busy = عملية أخرى من هدهد ترسل من الحساب «{ $account }» الآن. حاول مجددًا بعد قليل.

## Outbox on the command line
cli-account-password = استبدال كلمة مرور حساب في سلسلة المفاتيح، وإطلاق رسائله الموقوفة
cli-outbox = عرض الرسائل المنتظرة للإرسال وإدارتها
cli-outbox-list = عرض الرسائل المنتظرة والموقوفة وغير المؤكّدة والفاشلة
cli-outbox-show = عرض رسالة واحدة مع محادثة كل محاولة
cli-outbox-retry = إعادة محاولة رسالة منتظرة أو موقوفة أو فاشلة الآن
cli-outbox-retry-all = إعادة محاولة كل الرسائل المنتظرة والموقوفة والفاشلة
cli-outbox-cancel = إزالة رسالة من صندوق الصادر دون إرسالها
cli-outbox-flush = إرسال كل ما حان وقته الآن ثم الخروج
cli-outbox-resend = إرسال رسالة غير مؤكّدة مرة أخرى (قد تصل مرتين)
cli-outbox-mark-sent = تأكيد أن رسالة غير مؤكّدة قد وصلت
cli-message-id = معرّف الرسالة في صندوق الصادر (راجع «hudhud outbox list»)
cli-json = طباعة JSON للبرامج
cli-no-wait = وضع الرسالة في الطابور والعودة فورًا دون انتظار الخادم
cli-at = الإرسال لاحقًا في هذا التاريخ والوقت المحليين
cli-daemon = مواصلة الإرسال في الخلفية: تخرج إعادات المحاولة والرسائل المجدولة والنافذة مغلقة
cli-sendmail = وضع رسالة كاملة من الدخل القياسي في الطابور، مثل ‎/usr/sbin/sendmail
cli-sendmail-t = أخذ المستلمين من ترويسات To وCc وBcc
cli-sendmail-i = عدم اعتبار سطر فيه نقطة وحيدة نهايةً للرسالة
cli-sendmail-f = عنوان المرسل في الظرف
cli-sendmail-name = الاسم الكامل للمرسل، يُستخدم حين تخلو الرسالة من ترويسة From
cli-sendmail-account = الحساب الذي يُرسل عبره (الافتراضي: حسب عنوان From، وإلا فالحساب الافتراضي)
cli-sendmail-o = خيار من خيارات sendmail: ‎-oi مثل ‎-i، و‎-odq يضع في الطابور فقط، و‎-odi يرسل قبل العودة؛ ويُتجاهل غيرها
cli-sendmail-b = الوضع: ‎-bm يرسل (الافتراضي)، و‎-bp يعرض الطابور
cli-sendmail-v = إخبار بما حدث
cli-sendmail-recipients = عناوين المستلمين
cli-help = طباعة المساعدة
column-id = المعرّف
column-account = الحساب
column-recipients = المستلمون
column-subject = الموضوع
column-state = الحالة
column-attempts = المحاولات
column-next-try = المحاولة التالية
column-last-error = آخر خطأ
column-server-reply = ردّ الخادم
column-file = الملف
attempt-at = محاولة في { $time }
account-password-saved = حُفظت كلمة مرور «{ $name }» في سلسلة المفاتيح.
error-bad-time = «{ $time }» ليس تاريخًا ووقتًا بصيغة مثل 2026-12-24 18:30.
error-sendmail-mode = وضع sendmail ‏‎-b{ $mode } غير مدعوم؛ استخدم ‎-bm للإرسال أو ‎-bp لعرض الطابور.
outbox-queued = وُضعت في الطابور بالمعرّف { $id }.
outbox-scheduled = وُضعت في الطابور، وستُرسل في { $time }.
outbox-will-retry = الرسالة في صندوق الصادر، وستُعاد محاولة إرسالها في { $time }.
outbox-held-hint = الرسالة موقوفة في صندوق الصادر حتى يُصلح الحساب. بعد إصلاحه (لكلمة المرور: hudhud account password { $account })، نفّذ: hudhud outbox retry { $id }
outbox-failed-hint = لم تُرسل الرسالة، وهي محفوظة في قائمة الفاشلة في صندوق الصادر ({ $id }).
outbox-unconfirmed-hint = تحقّق من أحد المستلمين، ثم نفّذ «hudhud outbox mark-sent { $id }» إن وصلت، أو «hudhud outbox resend { $id }» إن لم تصل.
outbox-still-queued = ما زالت الرسالة في صندوق الصادر ({ $id })؛ وعملية أخرى من هدهد ترسلها.
outbox-cancelled = أُزيلت من صندوق الصادر: «{ $subject }».
outbox-marked-sent = عُلّمت الرسالة { $id } بأنها أُرسلت.
outbox-empty = صندوق الصادر فارغ: لا شيء ينتظر.
outbox-released = { $count ->
    [zero] لا توجد رسائل موقوفة لإعادة إرسالها.
    [one] ستُرسل رسالة موقوفة واحدة مرة أخرى.
    [two] ستُرسل رسالتان موقوفتان مرة أخرى.
    [few] ستُرسل { $count } رسائل موقوفة مرة أخرى.
    [many] ستُرسل { $count } رسالة موقوفة مرة أخرى.
   *[other] ستُرسل { $count } رسالة موقوفة مرة أخرى.
}
outbox-retried = { $count ->
    [zero] لم تُعد محاولة أي رسالة.
    [one] أُعيدت محاولة رسالة واحدة.
    [two] أُعيدت محاولة رسالتين.
    [few] أُعيدت محاولة { $count } رسائل.
    [many] أُعيدت محاولة { $count } رسالة.
   *[other] أُعيدت محاولة { $count } رسالة.
}
daemon-started = يرسل هدهد في الخلفية من { $dir }. أوقفه بـ Ctrl+C أو SIGTERM.
daemon-stopped = توقّف هدهد عن الإرسال في الخلفية.

## النافذة (src/ui)
ui-window-title = هدهد
ui-app-name = هدهد
ui-window-failed = تعذّر فتح النافذة: { $detail }
ui-nav-compose = رسالة جديدة
ui-nav-outbox = صندوق الصادر
ui-nav-sent = المرسلة
ui-nav-accounts = الحسابات
ui-nav-settings = الإعدادات
ui-waiting-count = { $count ->
    [zero] لا رسائل تنتظر
    [one] رسالة واحدة تنتظر
    [two] رسالتان تنتظران
    [few] { $count } رسائل تنتظر
    [many] { $count } رسالة تنتظر
   *[other] { $count } رسالة تنتظر
}
ui-failed-count = { $count ->
    [zero] لا رسائل متعثرة
    [one] رسالة واحدة تعذّر إرسالها
    [two] رسالتان تعذّر إرسالهما
    [few] { $count } رسائل تعذّر إرسالها
    [many] { $count } رسالة تعذّر إرسالها
   *[other] { $count } رسالة تعذّر إرسالها
}
ui-choose-account = اختر حسابًا
ui-addresses-placeholder = name@example.com, another@example.com
ui-cc-bcc = نسخة / نسخة مخفية
ui-address-problem = «{ $address }»: { $reason }
ui-subject = الموضوع
ui-body-placeholder = اكتب رسالتك…
ui-send = إرسال
ui-send-later = إرسال لاحقًا…
ui-send-at = الإرسال في
ui-schedule = جدولة
ui-send-later-invalid = اكتب تاريخًا ووقتًا في المستقبل بالصيغة YYYY-MM-DD HH:MM.
ui-send-shortcut = ‏Ctrl+Enter للإرسال
ui-attach = إرفاق ملفات…
ui-discard = تجاهل
ui-warn-empty-subject = الموضوع فارغ.
ui-warn-no-attachment = تذكر الرسالة مرفقًا، لكن لم يُرفق أي ملف.
ui-send-anyway = أرسِل على أي حال
ui-back-to-editing = متابعة التحرير
ui-sending-in = { $seconds ->
    [zero] يُرسل الآن
    [one] يُرسل بعد ثانية واحدة
    [two] يُرسل بعد ثانيتين
    [few] يُرسل بعد { $seconds } ثوانٍ
    [many] يُرسل بعد { $seconds } ثانية
   *[other] يُرسل بعد { $seconds } ثانية
}
ui-undo = تراجع
ui-undone = أُلغي الإرسال: عادت الرسالة إلى المحرر.
ui-queued = الرسالة في صندوق الصادر.
ui-cancelled = أُخرجت الرسالة من صندوق الصادر.
ui-draft-not-saved = تعذّر حفظ المسودة: { $detail }
ui-account-busy = الرسالة تُرسل الآن؛ حاول مجددًا بعد لحظات.
ui-message-gone = لم تعد تلك الرسالة موجودة.
ui-outbox-title = صندوق الصادر
ui-outbox-empty = لا شيء ينتظر: خرجت كل الرسائل.
ui-to-list = إلى: { $recipients }
ui-attempts = { $count ->
    [zero] لا محاولات
    [one] محاولة واحدة
    [two] محاولتان
    [few] { $count } محاولات
    [many] { $count } محاولة
   *[other] { $count } محاولة
}
ui-next-try-seconds = { $seconds ->
    [zero] المحاولة التالية الآن
    [one] المحاولة التالية بعد ثانية واحدة
    [two] المحاولة التالية بعد ثانيتين
    [few] المحاولة التالية بعد { $seconds } ثوانٍ
    [many] المحاولة التالية بعد { $seconds } ثانية
   *[other] المحاولة التالية بعد { $seconds } ثانية
}
ui-next-try-minutes = { $minutes ->
    [zero] المحاولة التالية الآن
    [one] المحاولة التالية بعد دقيقة واحدة
    [two] المحاولة التالية بعد دقيقتين
    [few] المحاولة التالية بعد { $minutes } دقائق
    [many] المحاولة التالية بعد { $minutes } دقيقة
   *[other] المحاولة التالية بعد { $minutes } دقيقة
}
ui-next-try-at = المحاولة التالية عند { $time }
ui-retry-now = أعد المحاولة الآن
ui-edit = تحرير
ui-cancel-message = إلغاء الإرسال
ui-send-again = أرسِل مجددًا
ui-mark-sent = لقد أُرسلت
ui-open-account = فتح الحساب
ui-transcripts = سجل المحادثة
ui-sent-title = المرسلة
ui-sent-empty = لا رسائل مرسلة بعد.
ui-search-sent = ابحث بالمستلم أو الموضوع
ui-server-reply = رد الخادم: { $reply }
ui-export-eml = تصدير ملف ‎.eml
ui-exported = حُفظت في { $path }
ui-notify-failed = لم تُرسل: { $subject }
ui-accounts-title = الحسابات
ui-default-account = الافتراضي
ui-make-default = اجعله الافتراضي
ui-remove = حذف
ui-remove-confirm = هل تحذف «{ $name }» وكلمة المرور المحفوظة له؟
ui-add-account = إضافة حساب
ui-account-removed = حُذف الحساب «{ $name }».
ui-account-saved = الحساب يعمل وقد حُفظ.
ui-first-run-title = أضف حساب بريدك الإلكتروني
ui-first-run-hint = يرسل هدهد عبر خادم SMTP لدى مزوّد بريدك. تُحفظ كلمة المرور في سلسلة مفاتيح النظام.
ui-account-add-title = إضافة حساب
ui-account-edit-title = تحرير الحساب
ui-display-name = اسمك
ui-display-name-placeholder = كما سيراه المستلمون
ui-email-address = عنوان البريد الإلكتروني
ui-password = كلمة المرور
ui-provider-detected = مُلئت إعدادات { $provider }.
ui-manual-settings = إعدادات يدوية
ui-smtp-host = خادم البريد الصادر (SMTP)
ui-port = المنفذ
ui-security = الأمان
ui-security-tls = ‏TLS (المنفذ 465)
ui-security-starttls = ‏STARTTLS (المنفذ 587)
ui-security-none = بلا تشفير (هذا الحاسوب فقط)
ui-username = اسم المستخدم
ui-username-placeholder = مثل العنوان
ui-signature = التوقيع
ui-test-and-save = اختبار وحفظ
ui-testing = جارٍ الاختبار…
ui-cancel = إلغاء
ui-show-transcript = اعرض ما قاله الخادم
ui-test-timeout = لم يُجب الخادم في الوقت المحدد.
ui-account-invalid-email = اكتب عنوان بريد صحيحًا، مثل name@example.com.
ui-account-need-host = اكتب اسم خادم البريد الصادر، أو استخدم عنوانًا لدى مزوّد معروف.
ui-account-invalid-port = يجب أن يكون المنفذ رقمًا بين 1 و65535.
ui-settings-title = الإعدادات
ui-language = اللغة
ui-language-system = مثل النظام
ui-theme = المظهر
ui-theme-system = مثل النظام
ui-theme-light = فاتح
ui-theme-dark = داكن
ui-undo-delay = مهلة التراجع عن الإرسال (0 يعطّلها)
ui-retry-cap = أطول انتظار بين المحاولات
ui-retry-lifetime = التوقف عن إعادة المحاولة بعد
ui-notifications = نبّهني حين يتعذّر إرسال رسالة
ui-seconds-unit = ثانية
ui-minutes-unit = دقيقة
ui-days-unit = يوم
ui-settings-saved-hint = تُحفظ التغييرات فورًا، والأرقام حين تضغط Enter أو تغادر الإعدادات.
ui-config-not-saved = لم يُحفظ التغيير: في ملف الإعدادات مشكلة (انظر أعلاه). أصلحها ثم أعد تشغيل هدهد.
ui-date-time = { $day } { $month } { $year }، { $time }
ui-month-1 = يناير
ui-month-2 = فبراير
ui-month-3 = مارس
ui-month-4 = أبريل
ui-month-5 = مايو
ui-month-6 = يونيو
ui-month-7 = يوليو
ui-month-8 = أغسطس
ui-month-9 = سبتمبر
ui-month-10 = أكتوبر
ui-month-11 = نوفمبر
ui-month-12 = ديسمبر
ui-discard-confirm = أتتجاهل هذه الرسالة؟ لا يمكن استعادتها بعد ذلك.
ui-keep-draft = أبقِها
ui-test = اختبار
ui-account-works = الحساب «{ $name }» يعمل: قبل الخادم الاتصال وتسجيل الدخول.
ui-account-fails = الحساب «{ $name }» لا يعمل: { $reason }
ui-warn-too-big = يبلغ حجم المرفقات { $size }: ترفض معظم خوادم البريد الرسائل التي تتجاوز 25 ميغابايت.
ui-warn-too-big-for-server = يبلغ حجم المرفقات { $size }، ومع الترميز تتجاوز الرسالة { $limit } التي يقبلها خادمك.
ui-sends-at = يُرسل في { $time }
ui-no-display = لا توجد شاشة رسومية هنا (لم يُضبط DISPLAY ولا WAYLAND_DISPLAY). يعمل سطر الأوامر من دونها: انظر «hudhud --help».

# قائمة النقر بالزر الأيمن في حقول النص.
ui-menu-cut = قص
ui-menu-copy = نسخ
ui-menu-paste = لصق
ui-menu-select-all = تحديد الكل

# --- the sent history index
error-history = تعذّرت قراءة فهرس الرسائل المرسلة أو الكتابة فيه: { $reason }. رسائلك محفوظة في مجلدات صندوق الصادر، وسيعيد هدهد بناء الفهرس منها.

# --- the window title with the outbox's state (task bar)
ui-window-title-waiting = { $count ->
    [one] هدهد — رسالة واحدة تنتظر
    [two] هدهد — رسالتان تنتظران
    [few] هدهد — { $count } رسائل تنتظر
   *[other] هدهد — { $count } رسالة تنتظر
}
ui-window-title-needs-you = { $count ->
    [one] هدهد — رسالة واحدة تحتاجك
    [two] هدهد — رسالتان تحتاجانك
    [few] هدهد — { $count } رسائل تحتاجك
   *[other] هدهد — { $count } رسالة تحتاجك
}
# --- issue 10: smtp
step-content = إرسال محتوى الرسالة
smtp-unconfirmed-timeout = أُرسلت الرسالة كاملة لكن الخادم لم يؤكّدها في الوقت المحدد. ربما وصلت: تحقّق قبل إرسالها مرة أخرى.
smtp-unconfirmed-protocol = أُرسلت الرسالة كاملة لكن ردّ الخادم لم يكن مفهومًا ({ $reason }). ربما وصلت: تحقّق قبل إرسالها مرة أخرى.
smtp-no-greeting = لم يقل الخادم على المنفذ { $port } شيئًا خلال 10 ثوانٍ. الأرجح أنه ينتظر التشفير من البداية: المنفذ 465 يحتاج عادةً إعداد الأمان «tls» والمنفذ 587 «starttls». تحقّق من منفذ الحساب وإعداد الأمان.
smtp-not-tls = أجاب الخادم على المنفذ { $port } دون تشفير، فهو لا يستخدم «tls» على هذا المنفذ. المنفذ 587 (و25) يحتاج عادةً «starttls» والمنفذ 465 «tls». تحقّق من منفذ الحساب وإعداد الأمان.
smtp-bad-address = لا يمكن استخدام عنوان المغلّف { $address } ({ $reason })، فلم تُرسل الرسالة. صحّح العنوان.
smtp-address-bad-characters = فيه مسافات أو محارف تحكّم أو أقواس زاوية
smtp-data-after-starttls = أرسل الخادم بيانات إضافية بعد موافقته على بدء التشفير، وقد يكون ذلك هجومًا
smtp-auth-endless = ظلّ الخادم يطلب المزيد أثناء تسجيل الدخول
smtp-ca-file-empty = لا يحوي الملف أي شهادة بصيغة PEM
smtp-ca-file-not-a-file = ليس ملفًا عاديًا
smtp-recipients-refused = رفض الخادم المستلمين { $addresses }، فلم تُرسل الرسالة إلى أحد. صحّح هذه العناوين أو أزلها.
# --- issue 10: spool and config on disk
error-spool-link = { $path } رابط رمزي أو ملف خاص، في مكان لا يحفظ فيه هدهد إلا ملفات كتبها بنفسه. لم يتبعه هدهد: لم يقرأ ما يشير إليه ولم يرسله ولم يغيّره. إن لم تضعه أنت هناك فربما وضعه غيرك. احذفه (rm "{ $path }") ثم حاول مجددًا.
warn-folder-shared = تنبيه: المجلد { $path } مفتوح لمستخدمين آخرين (الصلاحيات { $mode }). يترك هدهد المجلدات التي أنشأتها أنت كما هي؛ لتبقى رسائلك خاصة نفّذ: chmod 700 "{ $path }"
state-damaged = تالفة
outbox-damaged-state = تعذّرت قراءة هذه الرسالة من صندوق الصادر، فنُحّيت جانبًا ولم تُرسل. الرسالة نفسها سليمة في { $path }. تحقّق من مستلميها، ثم أرسلها من جديد بالأمر: hudhud sendmail -t -i < "{ $path }" (مستلمو النسخة المخفية Bcc ليسوا في الملف: أضفهم في سطر الأوامر). ثم احذف ملفاتها من مجلد العزل.
outbox-damaged-no-message = لم يبقَ من هذه الرسالة إلا ملف حالتها { $path }: ضاع نصّها ولم تُرسل. اكتبها من جديد إلى المستلمين المعروضين، ثم احذف الملف.
outbox-damaged-not-regular = وُجد في مكان ملف هذه الرسالة رابط رمزي أو ملف خاص ({ $path }): لم يقرأه هدهد ولم يرسله. إن لم تضعه أنت هناك فربما وضعه غيرك. احذفه؛ وإن كنت تريد الرسالة فاكتبها من جديد.
# --- issue 10: cli
cli-account-edit = تغيير إعدادات حساب في مكانه (لا يتغيّر إلا ما يُعطى من خيارات)
cli-account-remove-force = الحذف حتى لو بقيت رسائل للحساب في صندوق الصادر: تُنقل إلى قائمة الرسائل الفاشلة
cli-edit-username = اسم المستخدم لتسجيل الدخول ("" يعيده إلى عنوان البريد)
cli-edit-display-name = الاسم الذي يراه المستلمون ("" يحذفه)
cli-edit-signature = توقيع لرسائل هذا الحساب ("" يحذفه)
cli-no-ca-file = التوقف عن استخدام ملف جهات تصديق إضافي
cli-no-allow-insecure = التوقف عن السماح باتصال غير مشفّر بجهاز آخر
cli-outbox-send-to-accepted = وضع نسخة من رسالة فاشلة في الطابور للمستلمين الذين قبلهم الخادم (حين رفض بعضهم)
account-edited = تغيّر الحساب «{ $name }».
account-unchanged = لا شيء يتغيّر في الحساب «{ $name }»: أعطِ الخيارات التي تريد تغييرها، وانظر «hudhud account edit --help».
keychain-nothing-saved = لم يُحفظ شيء. شغّل سلسلة مفاتيح (أو نفّذ هذا في جلسة سطح المكتب) وحاول مجددًا.
error-account-has-messages = { $count ->
    [one] ما زالت للحساب «{ $name }» رسالة في صندوق الصادر (في الطابور أو تنتظر أو موقوفة أو غير مؤكدة).
    [two] ما زالت للحساب «{ $name }» رسالتان في صندوق الصادر (في الطابور أو تنتظران أو موقوفتان أو غير مؤكدتين).
    [few] ما زالت للحساب «{ $name }» { $count } رسائل في صندوق الصادر (في الطابور أو تنتظر أو موقوفة أو غير مؤكدة).
   *[other] ما زالت للحساب «{ $name }» { $count } رسالة في صندوق الصادر (في الطابور أو تنتظر أو موقوفة أو غير مؤكدة).
}
error-account-has-messages-hint = أرسلها أو ألغها أولًا (انظر «hudhud outbox list»)، أو نفّذ «hudhud account remove { $name } --force» لنقلها إلى قائمة الرسائل الفاشلة.
account-messages-failed = { $count ->
    [one] نُقلت رسالة واحدة من «{ $name }» إلى قائمة الرسائل الفاشلة.
    [two] نُقلت رسالتان من «{ $name }» إلى قائمة الرسائل الفاشلة.
    [few] نُقلت { $count } رسائل من «{ $name }» إلى قائمة الرسائل الفاشلة.
   *[other] نُقلت { $count } رسالة من «{ $name }» إلى قائمة الرسائل الفاشلة.
}
outbox-account-removed-reason = لم تُرسل: حُذف حسابها «{ $name }».
outbox-queued-no-keychain = { $count ->
    [one] وُضعت في الطابور؛ لا يمكن الوصول إلى سلسلة المفاتيح من هنا، وسيرسلها «hudhud daemon» (أو نافذة هدهد) في جلسة سطح المكتب.
    [two] بقيت رسالتان في الطابور؛ لا يمكن الوصول إلى سلسلة المفاتيح من هنا، وسيرسلهما «hudhud daemon» (أو نافذة هدهد) في جلسة سطح المكتب.
    [few] بقيت { $count } رسائل في الطابور؛ لا يمكن الوصول إلى سلسلة المفاتيح من هنا، وسيرسلها «hudhud daemon» (أو نافذة هدهد) في جلسة سطح المكتب.
   *[other] بقيت { $count } رسالة في الطابور؛ لا يمكن الوصول إلى سلسلة المفاتيح من هنا، وسيرسلها «hudhud daemon» (أو نافذة هدهد) في جلسة سطح المكتب.
}
outbox-flush-summary = صندوق الصادر الآن — أُرسل في هذه الجولة: { $sent }، تنتظر: { $waiting }، غير مؤكدة: { $unconfirmed }، موقوفة: { $held }، فاشلة: { $failed }، مجدولة لوقت لاحق: { $scheduled }.
outbox-flush-held-hint = الرسائل الموقوفة تنتظر إصلاح حسابها (لكلمة المرور: hudhud account password NAME)؛ انظر «hudhud outbox list».
outbox-flush-failed-hint = الرسائل الفاشلة رُفضت نهائيًا أو طالت محاولاتها؛ انظر «hudhud outbox list»، ثم أعد محاولة كل منها أو ألغها.
outbox-flush-unconfirmed-hint = الرسائل غير المؤكدة ربما وصلت؛ تحقّق من أحد المستلمين، ثم نفّذ «hudhud outbox mark-sent ID» أو «hudhud outbox resend ID».
outbox-flush-waiting-hint = الرسائل المنتظِرة تُحاوَل من جديد من تلقاء نفسها (عبر «hudhud daemon» أو النافذة أو التفريغ التالي).
error-copy-nothing-refused = لم يرفض الخادم أيًّا من مستلمي الرسالة { $id }، فلا أحد يُستثنى. أعد محاولتها بـ«hudhud outbox retry { $id }».
error-copy-nobody-accepted = رفض الخادم كل مستلمي الرسالة { $id }: لا أحد تُرسل إليه نسخة. تحقّق من العناوين، ثم أعد المحاولة أو ألغ الرسالة.
error-copy-exists = وُضعت في الطابور من قبل نسخة من الرسالة { $id } للمستلمين المقبولين ({ $copy }). انظر «hudhud outbox show { $copy }».
outbox-copy-queued = وُضعت نسخة في الطابور باسم { $id } إلى: { $recipients }.
outbox-copy-line = نسخة للمستلمين المقبولين: { $id } ({ $time })، إلى { $recipients }
ui-send-to-accepted = أرسل إلى الباقين
ui-copy-sent-to = ذهبت نسخة إلى: { $recipients }

# --- the Sent list from the history index
ui-sent-more = عرض المزيد
cli-sent = قراءة سجل الرسائل المرسلة (عرض، بحث)
cli-sent-list = عرض أحدث الرسائل المرسلة، الأحدث أولًا
cli-sent-search = البحث في الرسائل المرسلة بالموضوع أو المستلم أو النص (دون اعتبار للحركات)
cli-sent-query = الكلمات المطلوبة (يجب أن تتطابق كل كلمة)
cli-sent-limit = عدد الرسائل الأقصى
sent-none = لا توجد رسائل مرسلة مطابقة.
# --- issue 10: message
field-display-name = الاسم الظاهر
error-control-character = يحتوي { $field } على فاصل أسطر أو حرف تحكّم آخر ({ $code })، ولا يجوز وضعه في ترويسة رسالة. احذفه وحاول مرة أخرى.
attachment-not-regular = ليس ملفًا عاديًا (بل أنبوب أو جهاز أو مقبس)، فلا يمكن إرفاقه
error-attachments-too-big = مع { $path } يبلغ مجموع المرفقات { $size }، وهذا أكثر من { $limit } التي يرسلها هدهد في رسالة واحدة. احذف بعض المرفقات أو صغّرها، أو شارك الملفات الكبيرة برابط.
error-attachments-too-big-for-server = مع { $path } يصير حجم الرسالة بعد الترميز { $size }، وهذا أكثر من { $limit } التي يقبلها خادمك. احذف بعض المرفقات أو صغّرها، أو شارك الملفات الكبيرة برابط.
size-bytes = { $n } بايت
size-kb = { $n } كيلوبايت
size-mb = { $n } ميغابايت
size-gb = { $n } غيغابايت
error-sendmail-f = عنوان المرسل المعطى بالخيار ‎-f (‏«{ $address }») غير صالح: { $reason }.
error-sendmail-header-too-long = في حقل الترويسة «{ $name }» سطر أطول من 998 حرفًا لا يمكن طيّه، والخوادم ترفض مثل هذه الرسائل. اختصره وحاول مرة أخرى.

# --- issue 11: oauth
smtp-no-token-mechanism = لا يقدّم الخادم طريقة لتسجيل الدخول برمز (OAUTHBEARER أو XOAUTH2). راجِع اسم الخادم في إعدادات الحساب، أو سجّل الدخول بكلمة مرور أو بكلمة مرور تطبيق إن كان مزوّدك يسمح بذلك.
smtp-token-rejected = لم يقبل الخادم رمز تسجيل الدخول. يجدّده هدهد مرة واحدة؛ فإن لم يُجدِ ذلك فسجّل الدخول من جديد (في النافذة: سجّل الدخول من جديد؛ في سطر الأوامر: hudhud account login NAME).
oauth-unknown-provider = «{ $name }» ليس مزوّد تسجيل دخول يعرفه هدهد. استخدم google أو microsoft أو oidc.
oauth-no-client-id = لا يحوي هذا الإصدار من هدهد معرّف عميل لـ { $provider }. أدخِل معرّف العميل الخاص بك في إعدادات الحساب (في سطر الأوامر: ‎--oauth-client-id)، أو سجّل الدخول بكلمة مرور تطبيق.
oauth-insecure-url = عنوان تسجيل الدخول { $url } غير مشفّر. استخدم عنوانًا يبدأ بـ https://‎ (لا يُسمح بـ http://‎ إلا لهذا الحاسوب).
oauth-bad-url = عنوان تسجيل الدخول { $url } غير صالح: { $reason }.
oauth-discovery = تعذّرت قراءة إعدادات تسجيل الدخول من { $url }: { $reason }. تحقّق من عنوان المُصدِر.
oauth-issuer-mismatch = يسمّي الخادم نفسه { $issuer }
oauth-network = تعذّر الوصول إلى خادم تسجيل الدخول: { $reason }. سيحاول هدهد مرة أخرى.
oauth-sign-in-again = انتهت صلاحية تسجيل الدخول لهذا الحساب أو سُحبت ({ $reason }). سجّل الدخول من جديد (في النافذة: سجّل الدخول من جديد؛ في سطر الأوامر: hudhud account login NAME).
oauth-refused = رفض خادم تسجيل الدخول الطلب: { $error } { $description }
oauth-denied = رُفض تسجيل الدخول أو أُلغي في المتصفح ({ $reason }). ابدأ تسجيل الدخول من جديد متى كنت مستعدًا.
oauth-timed-out = لم يصل أي رد من المتصفح خلال { $minutes } دقيقة. ابدأ تسجيل الدخول من جديد.
oauth-device-expired = لم يُدخَل الرمز في الوقت المحدد. ابدأ تسجيل الدخول من جديد لتحصل على رمز جديد.
oauth-no-device-flow = لا يتيح { $provider } تسجيل الدخول برمز على جهاز آخر. سجّل الدخول من المتصفح على هذا الحاسوب.
oauth-no-refresh-token = سجّلك المزوّد لكنه لم يمنح إذنًا دائمًا (لا يوجد رمز تحديث)، فلن يستطيع هدهد الإرسال لاحقًا. سجّل الدخول من جديد واسمح بالوصول.
oauth-response = أجاب خادم تسجيل الدخول بما لم يكن متوقعًا: { $reason }.
oauth-browser = تعذّر فتح متصفح ({ $reason }). افتح العنوان المعروض بنفسك.
oauth-no-browser = لم يُعثر على أمر لفتح متصفح
oauth-listener = تعذّر على هدهد انتظار رد المتصفح على هذا الحاسوب: { $reason }.
oauth-token-command = فشل أمر الرمز: { $reason }
oauth-command-unparsable = علامات الاقتباس فيه غير متطابقة
oauth-command-empty = لم يُعطَ أي أمر
oauth-command-timeout = لم يُعطِ { $program } رمزًا خلال { $seconds } ثانية فأُوقف
oauth-command-failed = انتهى { $program } بـ { $status }: { $errors }
oauth-command-no-token = لم يطبع { $program } أي رمز
oauth-page-title-done = تم تسجيل الدخول
oauth-page-done = سجّل هدهد الدخول. يمكنك إغلاق هذا التبويب والعودة إلى هدهد.
oauth-page-title-failed = لم يكتمل تسجيل الدخول
oauth-page-failed = لم يكتمل تسجيل الدخول: { $reason }. عُد إلى هدهد وابدأ من جديد.
oauth-page-stale = تخص هذه الصفحة تسجيل دخول سابقًا أو غير معروف. عُد إلى هدهد واستخدم الصفحة التي يفتحها.
oauth-page-not-found = لا شيء هنا.
oauth-token-too-long = رمز تسجيل الدخول أطول مما تتسع له سلسلة المفاتيح
oauth-token-damaged = تسجيل الدخول المحفوظ لـ { $name } ناقص في سلسلة المفاتيح
oauth-never-signed-in = لم يسجّل هذا الحساب الدخول بعد
transcript-token-renewed = رفض الخادم رمز الوصول؛ يُجدَّد مرة واحدة وتُعاد المحاولة
smtp-auth-google = لم تقبل Google كلمة المرور هذه. لا يقبل Gmail كلمة مرور إلا إذا كانت كلمة مرور تطبيق، تُنشأ بعد تفعيل التحقق بخطوتين من https://myaccount.google.com/apppasswords — أو استخدم «سجّل الدخول باستخدام Google» لهذا الحساب بدلًا من ذلك.
smtp-auth-microsoft = لم تعد Microsoft تقبل كلمات المرور هنا: استخدم «سجّل الدخول باستخدام Microsoft» لهذا الحساب (في سطر الأوامر: hudhud account add NAME --auth oauth2 --oauth-provider microsoft).

# --- issue 12: account discovery and recipient checks
discover-source-autoconfig = ملف الإعداد التلقائي لدى المزوّد ({ $url })
discover-source-well-known = ملف الإعداد التلقائي المعروف للنطاق ({ $url })
discover-source-ispdb = قاعدة بيانات مزوّدي Thunderbird ‏(ISPDB) ({ $url })
discover-source-mx-ispdb = مُدخَل ISPDB للخادم { $mx } الذي يستقبل بريد هذا النطاق ({ $url })
discover-source-mx-autoconfig = ملف الإعداد التلقائي للخادم { $mx } الذي يستقبل بريد هذا النطاق ({ $url })
discover-source-srv = سجل DNS ‏{ $record }
discover-source-guess = تخمين: أجاب { $host } (قُرئت تحيته فقط)
discover-source-http = ملف إعداد تلقائي عبر HTTP غير المشفّر ({ $url })، وكان بوسع أي أحد على الشبكة تغييره
discover-bad-address = «{ $address }» ليس عنوان بريد إلكتروني (المتوقع اسم@نطاق).
discover-no-resolver = لا يمكن استخدام DNS على هذا الحاسوب: { $reason }
discover-nothing-found = لم يُعثر على إعدادات للعنوان { $address }. أدخل الخادم يدويًا (اسأل مزوّدك عن خادم SMTP ومنفذه وتشفيره). ما جُرِّب:
discover-timeout = لا جواب في الوقت المحدد
discover-fetch-failed = { $url }: { $reason }
discover-http-status = { $url }: أجاب الخادم برمز HTTP ‏{ $status }
discover-too-big = { $url }: الجواب أكبر من { $limit } كيلوبايت فلم يُقرأ
discover-malformed = { $url }: ليس ملف إعداد تلقائي صالحًا ({ $reason })
discover-no-usable-server = { $url }: لا يذكر خادم SMTP بتشفير TLS أو STARTTLS وطريقة دخول يدعمها هدهد
discover-no-mx = ليس للنطاق { $domain } سجل MX صالح ({ $reason })
discover-mx-own-domain = خادم البريد { $mx } ضمن نطاق العنوان نفسه (بُحث عنه من قبل)
discover-srv-not-offered = يقول { $record } إن الخدمة غير متاحة
discover-found = وُجد للعنوان { $address }: ‏{ $host }:{ $port } ({ $security })، الدخول { $auth }، اسم المستخدم { $username }
discover-found-source = المصدر: { $source }
discover-needs-confirmation = تشير هذه الإعدادات إلى { $host } خارج النطاق { $domain }، ولم يؤكدها شيء يتحدث باسم { $domain }. ستُرسَل كلمة مرورك إلى هناك.
discover-confirm-prompt = أتستخدم هذه الإعدادات؟ [y/N]
discover-not-confirmed = لم تُؤكَّد الإعدادات؛ لم يُحفظ شيء. استخدم ‎--host لتختار الخادم بنفسك، أو ‎--trust-discovered لقبولها.
discover-oauth-only = لا يقبل { $host } إلا الدخول عبر OAuth2، ولا يستطيع هذا الإصدار إعداده من سطر الأوامر بعد. لم يُحفظ شيء.
discover-oauth-available = يتيح { $host } الدخول عبر OAuth2 أيضًا؛ تُستخدم كلمة مرور الآن (وغالبًا كلمة مرور تطبيق).
cli-account-discover = ابحث عن إعدادات SMTP لعنوان بريد (إعداد تلقائي، ISPDB، ‏MX، ‏SRV، تخمين)
cli-discover-address = عنوان البريد الإلكتروني
cli-trust-discovered = اقبل الإعدادات المكتشفة التي تشير إلى خارج نطاق العنوان دون سؤال
cli-check-recipients = اعتبر تحذيرات المستلمين أخطاء (رمز الخروج 64) بدل الإرسال
cli-recipients = افحص عناوين المستلمين
cli-recipients-check = تحقّق من أن نطاقات المستلمين تستقبل البريد
cli-recipients-addresses = العناوين المراد فحصها
recipient-no-such-domain = النطاق { $domain } غير موجود.
recipient-null-mx = النطاق { $domain } لا يقبل أي بريد.
recipient-no-mail-server = لم يُعثر على خادم بريد للنطاق { $domain }.
recipient-did-you-mean = هل تقصد { $suggestion }؟
recipient-warning = { $warning } («{ $address }»)
recipient-warnings-refused = لم تُرسَل: في المستلمين مشكلات (انظر أعلاه). صحّحها، أو أرسل دون ‎--check-recipients.
recipient-ok = { $address }: لا مشكلة
recipient-fix = استخدم { $suggestion }
account-form-discover = ابحث عن الإعدادات
account-form-discovering = جارٍ البحث عن إعدادات { $address }…
account-form-discovered = مُلئت من { $source }.
account-form-discover-failed = لم يُعثر على إعدادات؛ أدخلها يدويًا أو اختر مزوّدًا.
account-form-confirm-discovered = أثق بـ { $host } على كلمة مرور هذا الحساب
discover-unknown-step = طريقة بحث غير معروفة «{ $step }»؛ الطرق هي: { $known }
dns-no-such-name = الاسم { $name } غير موجود في DNS
dns-no-record = ليس للاسم { $name } سجل DNS من هذا النوع
dns-failed = فشل البحث في DNS عن { $name }: { $reason }
cli-discover-only = طرق البحث هذه وحدها (autoconfig، well-known، ispdb، mx، srv، guess، http)، لترى ما تقوله كل منها
cli-discover-timeout = الحد الأقصى لمدة البحث كله بالثواني (الافتراضي 10)
# --- issue 11: oauth wiring (accounts, worker, command line)
cli-account-login = سجّل الدخول من جديد إلى حساب يستخدم OAuth2 (تسجيل الدخول عبر Google/Microsoft)، ثم أرسل رسائله الموقوفة
cli-device = سجّل الدخول برمز تُدخله على جهاز آخر بدل متصفح على هذا الحاسوب
cli-auth = طريقة تسجيل دخول الحساب: password (كلمة مرور، الافتراضي) أو oauth2 (صفحة تسجيل الدخول لدى المزوّد) أو oauth2-command (رمز من أمر تختاره)
cli-oauth-provider = مزوّد تسجيل الدخول: google أو microsoft أو oidc (يُستنتج من العنوان إن لم يُذكر)
cli-oauth-issuer = مع ‎--oauth-provider oidc: عنوان URL لمُصدِر خادم تسجيل الدخول (https، أو http على هذا الحاسوب)
cli-oauth-client-id = معرّف عميل OAuth2 خاص بك بدل المعرّف المضمَّن في هدهد
cli-oauth-client-secret = السرّ المرافق لمعرّف العميل الخاص بك إن كان له سرّ (يُحفظ في سلسلة المفاتيح)
cli-token-command = مع ‎--auth oauth2-command: الأمر الذي يطبع رمز الوصول في سطره الأول (يُشغَّل بلا صدفة)
error-token-command-missing = ‏‎--auth oauth2-command يحتاج إلى ‎--token-command "CMD": الأمر الذي يطبع رمز وصول (مثلًا pizauth show NAME).
error-oauth-provider-missing = لا يستطيع هدهد أن يعرف من العنوان { $email } من يتولى تسجيل دخولك. أضف ‎--oauth-provider google أو microsoft أو oidc (مع ‎--oauth-issuer URL).
error-oauth-issuer-missing = ‏‎--oauth-provider oidc يحتاج إلى ‎--oauth-issuer URL: عنوان خادم تسجيل الدخول لديك (مثلًا https://sso.example.com/realms/mail).
error-oauth-host-missing = لا يُعرف خادم بريد لهذا المزوّد. أضف ‎--host (و‎--port و‎--security) لخادم SMTP لديك.
error-login-not-oauth = الحساب «{ $name }» لا يسجّل الدخول عبر صفحة مزوّد. لكلمة المرور استخدم: hudhud account password { $name }
account-signed-in = سُجّل دخول «{ $name }»، وحُفظ تسجيل الدخول في سلسلة المفاتيح.
oauth-browser-prompt = سجّل الدخول في متصفحك. إن لم يُفتح متصفح فافتح هذا العنوان بنفسك: { $url }
oauth-device-prompt = افتح { $url } على أي جهاز وأدخل الرمز { $code }. ينتظر هدهد هنا حتى تُكمل تسجيل الدخول.
outbox-held-hint-sign-in = الرسالة موقوفة في صندوق الصادر حتى يُسجَّل دخول الحساب من جديد. نفّذ: hudhud account login { $account } — وبعدها تُرسل الرسائل الموقوفة وحدها.
outbox-flush-sign-in-hint = رسائل الحساب الذي يسجّل الدخول عبر Google أو Microsoft أو مزوّد آخر تنتظر حتى يُسجَّل دخوله من جديد: hudhud account login NAME (وبعدها تُرسل وحدها).
transcript-token-reread = رُفض تسجيل الدخول المحفوظ؛ تجري قراءته مجددًا من سلسلة المفاتيح، فربما جدّدته عملية أخرى من هدهد

# --- issue 11: window sign-in
ui-signin-with = تسجيل الدخول عبر { $provider }
ui-signin-waiting = في انتظار تسجيل الدخول في المتصفح…
ui-signin-or-password = أو استخدم كلمة مرور التطبيقات أدناه ثم اختر «اختبار وحفظ».
ui-signin-method-oauth = يسجّل هذا الحساب الدخول عبر مزوّده (لا تُحفظ أي كلمة مرور).
ui-signin-method-password = يسجّل هذا الحساب الدخول بكلمة مرور محفوظة في سلسلة المفاتيح.
ui-signin-method-none = يرسل هذا الحساب دون تسجيل دخول.
ui-signin-again = سجّل الدخول مجددًا
ui-signin-client-id = معرّف العميل الخاص بك

# --- providers that take only an app password for SMTP
ui-app-password-needed = لا يقبل { $provider } كلمة مرور حسابك هنا: أنشئ كلمة مرور للتطبيقات واكتبها في الحقل أعلاه. الطريقة: { $page }

# --- the headless build
cli-no-window = هذه نسخة سطر الأوامر من هدهد، بلا نافذة. شغّل ‎`hudhud-cli --help`‎ لترى الأوامر، أو ثبّت حزمة سطح المكتب لتحصل على النافذة.

# --- services: the core's services (queue, reopen, drafts, send)
error-file-not-written = تعذّرت كتابة { $path }: { $reason }. تأكد أن المجلد موجود وأن لك إذن الكتابة فيه.
error-time-passed = الوقت { $time } قد مضى: اكتب تاريخًا ووقتًا في المستقبل.
error-interrupted = لم تكتمل العملية بسبب خطأ داخلي، ولا يُعرف عنها أكثر من ذلك. راجع صندوق الصادر ثم حاول مرة أخرى.
cli-no-signature = عدم إضافة توقيع الحساب (يُضاف أسفل النص إن لم تختر هذا)
cli-undo = انتظار مهلة التراجع المحددة في الإعدادات قبل الإرسال، كما تفعل النافذة؛ وللإلغاء خلالها استخدم ‎`hudhud outbox cancel ID`‎
# --- chips: recipients and contacts
contacts-read-failed = تعذّرت قراءة { $path }: { $reason }. تحقّق من وجود الملف ومن أنّ لك حقّ قراءته.
contacts-no-cards = لا يحوي { $path } أيّ جهة اتصال لها عنوان بريد. هل هو ملف vCard ‏(‎.vcf‎)؟ صدّر دفتر العناوين من جديد بصيغة vCard واستورد ذلك الملف.
contacts-too-big = حجم { $path } أكبر من 64 ميغابايت، وهذا كبير على دفتر عناوين. صدّر جهات الاتصال من جديد بلا صور.
contacts-save-failed = تعذّر حفظ دفتر العناوين في { $path }: { $reason }. تحقّق من المساحة الفارغة ومن صلاحيات المجلد، ثم استورد من جديد.
contacts-damaged = تتعذّر قراءة دفتر العناوين { $path } ‏({ $reason }). انقل ذلك الملف من مكانه واستورد ملف ‎.vcf‎ من جديد.
contacts-imported = { $path }: { $added } جديدة، و{ $updated } تغيّر اسمها، و{ $unchanged } موجودة من قبل.
contacts-without-email = تُركت { $count } من جهات الاتصال لأنها بلا عنوان بريد.
contacts-none = لا جهات اتصال بعد. تأتي من الرسائل التي ترسلها، ومن ‎`hudhud contacts import FILE.vcf`‎.
contacts-sent = أُرسل إليه { $count } مرة، آخرها في { $date }
contacts-in-book = في دفتر العناوين
cli-contacts = من تراسلهم: اقتراحات أثناء كتابة العنوان
cli-contacts-import = استيراد دفتر عناوين من ملف vCard ‏(‎.vcf‎)
cli-contacts-list = عرض كل من راسلتهم ودفتر العناوين المستورد
cli-contacts-file = ملف ‎.vcf‎ ‏(vCard 2.1 أو 3 أو 4) كما تصدّره الهواتف وبرامج البريد
ui-chip-invalid = «{ $address }» ليس عنوانًا: { $reason }. انقر عليه مرتين لتصحيحه.
ui-chip-remove = إزالة
ui-suggestion-sent = أُرسل إليه { $count }
ui-suggestion-book = دفتر العناوين
# --- imap: the copy in the Sent folder (IMAP APPEND)
copy-error-connect = تعذّر الوصول إلى خادم البريد لحفظ النسخة في «المرسلة»: { $reason }. سيحاول هدهد مجددًا من تلقاء نفسه.
copy-error-timeout = لم يُجب خادم البريد في الوقت المحدد أثناء حفظ النسخة في «المرسلة» ({ $step }). سيحاول هدهد مجددًا من تلقاء نفسه.
copy-error-tls = فشل الاتصال الآمن بخادم IMAP: { $reason }. تحقّق من مضيف IMAP ومنفذه ونوع الحماية في الحساب.
copy-error-no-starttls = خادم IMAP لا يعرض STARTTLS، فلم تُرسَل كلمة المرور. استخدم الحماية «tls» (المنفذ 993) أو اسأل مزوّد البريد.
copy-error-insecure = لا يُسمح بـIMAP دون تشفير إلا على هذا الجهاز. استخدم الحماية «tls» أو «starttls».
copy-error-sign-in = رفض خادم IMAP تسجيل الدخول. قال الخادم: { $reply }. تحقّق من اسم مستخدم IMAP وكلمة مروره (hudhud account edit NAME --imap-username … --imap-password-stdin)، ثم أعد محاولة النسخ.
copy-error-no-folder = لم يُعثر على مجلد للمرسلة في خادم IMAP. اختر مجلدًا بالأمر ‎`hudhud account edit NAME --sent-folder FOLDER`‎ (أو من نافذة الحساب)، ثم أعد محاولة النسخ.
copy-error-folder-missing = المجلد «{ $folder }» غير موجود في خادم IMAP (قال الخادم: { $reply }). أنشئه بالأمر ‎`hudhud outbox retry-copy ID --create-folder`‎، أو اختر مجلدًا آخر.
copy-error-refused = رفض خادم IMAP الخطوة { $step }. قال الخادم: { $reply }
copy-error-unclear = انقطع الاتصال أثناء حفظ النسخة ({ $reason }). سيبحث هدهد عنها في المجلد قبل أن يحفظها مرة أخرى.
copy-error-credentials = تعذّر الحصول على بيانات الدخول لحفظ النسخة في «المرسلة»: { $reason }
copy-error-message = تعذّرت قراءة الرسالة المرسلة من صندوق الصادر: { $reason }
copy-error-unquotable = في اسم المستخدم أو كلمة المرور سطر جديد أو حرف لا يحمله IMAP
copy-error-closed = أغلق الخادم الاتصال
copy-state-pending = بانتظار الحفظ
copy-state-copied = محفوظة
copy-state-failed = لم تُحفظ
copy-state-off = معطّلة
column-sent-copy = النسخة في «المرسلة»
copy-folder-uid = { $folder } (المعرّف UID ‏{ $uid })
copy-retried = ستُعاد محاولة نسخ { $id } إلى مجلد «المرسلة».
copy-done = نُسخت إلى مجلد «{ $folder }».
error-copy-not-wanted = الرسالة { $id } لم تُرسَل (أو أن حسابها لا يحفظ نسخة في «المرسلة»)، فلا شيء يُنسخ.
provider-copies-sent = ‏{ $provider } يحفظ ما ترسله في مجلد «المرسلة» بنفسه، لذا لا يحفظ هدهد نسخة هناك (فالثانية تكون مكررة). فعّلها بالخيار ‎--save-sent‎ إن أردتها مع ذلك.
cli-imap-host = خادم IMAP، لحفظ نسخة من كل رسالة مرسلة في مجلد «المرسلة»
cli-imap-port = منفذ IMAP (الافتراضي 993 مع tls، و143 مع starttls)
cli-imap-security = حماية IMAP:‏ tls (المنفذ 993) أو starttls (المنفذ 143)
cli-imap-username = اسم مستخدم IMAP (الافتراضي: اسم مستخدم SMTP)
cli-imap-password-stdin = اقرأ كلمة مرور خاصة بـIMAP من الدخل القياسي (الافتراضي: كلمة مرور SMTP)
cli-sent-folder = مجلد IMAP للرسائل المرسلة (الافتراضي: يُعثر عليه في الخادم)
cli-save-sent = احفظ نسخة من كل رسالة مرسلة في مجلد «المرسلة»
cli-no-save-sent = لا تحفظ نسخًا في مجلد «المرسلة»
cli-no-imap = احذف إعدادات IMAP
cli-outbox-retry-copy = أعد محاولة حفظ رسالة مرسلة في مجلد «المرسلة»
cli-create-folder = أنشئ مجلد «المرسلة» إن لم يكن موجودًا
ui-imap-section = نسخة في مجلد «المرسلة» (IMAP)
ui-imap-host = خادم IMAP
ui-imap-port = منفذ IMAP
ui-save-sent = احفظ نسخة من الرسائل المرسلة في مجلد «المرسلة»
ui-sent-folder = مجلد «المرسلة» (فارغ: يُعثر عليه تلقائيًا)
ui-retry-copy = أعد محاولة النسخ
copy-error-no-imap-host = لا خادم IMAP لهذا الحساب بعد: حدّده بالخيار ‎--imap-host‎.
copy-not-yet = أُرسلت الرسالة. النسخة في «المرسلة»: { $state } — { $reason } (hudhud outbox show { $id })
ui-provider-copies-sent = ‏{ $provider } يحفظ ما ترسله في مجلد «المرسلة» بنفسه، لذا لا تُحفظ نسخة هناك (فستكون مكررة). علّم المربع لحفظ نسخة مع ذلك.
ui-imap-security-tls = ‏TLS (المنفذ 993)
ui-imap-security-starttls = ‏STARTTLS (المنفذ 143)
# --- look: notifications, confirmations, display
ui-sent-toast = أُرسلت: { $subject }
ui-cancel-confirm = أتُخرج هذه الرسالة من صندوق الصادر؟ لن تُرسَل.
ui-keep-message = أبقِها
ui-cancel-yes = لا تُرسلها
ui-display-unreachable = تعذّر الوصول إلى الشاشة الرسومية «{ $display }» (هل جلسة سطح المكتب تعمل، وهل يُسمح لهذا المستخدم باستعمالها؟). سطر الأوامر يعمل بلا شاشة: انظر ‎“hudhud --help”‎.
# The envelope: To, Cc and Bcc together, so not labelled "To".
ui-recipients-list = المستلمون: { $recipients }
ui-attached = مرفق: { $name }
ui-number-range = اكتب عددًا صحيحًا من { $min } إلى { $max }؛ تبقى القيمة المحفوظة حتى ذلك الحين.
ui-shortcuts-title = اختصارات لوحة المفاتيح
ui-shortcut-send = أرسل الرسالة
ui-shortcut-new = رسالة جديدة
ui-shortcut-outbox = افتح صندوق الصادر
ui-shortcut-tab = الحقل التالي أو السابق
ui-shortcut-escape = أغلق السؤال أو هذه اللوحة دون فعل شيء
ui-shortcut-help = أظهر هذه اللوحة أو أخفها
# --- write: formatting, preview, send later
cli-markdown = نص الرسالة بتنسيق ماركداون (**عريض**، *مائل*، [روابط](https://…)، قوائم، > اقتباسات، `شيفرة`): إن كان فيه تنسيق أُرسل نصًّا منسابًا ومعه نسخة HTML، وإلا أُرسل كما كُتب
cli-plain-text = أرسل من هذا الحساب نصًّا عاديًا فقط، حتى لو كان في الرسالة تنسيق ماركداون
cli-no-plain-text = أرسل نسخة HTML من جديد حين يكون في الرسالة تنسيق ماركداون
ui-preview = معاينة
ui-preview-edit = تحرير
ui-preview-hint = التنسيق: **عريض**، *مائل*، [رابط](https://…)، - قائمة، > اقتباس، `شيفرة`
ui-preview-plain = هذا الحساب يرسل نصًّا عاديًا فقط: علامات التنسيق تُرسل كما كُتبت.
ui-preview-no-formatting = لا تنسيق: هذه الرسالة تُرسل نصًّا عاديًا.
ui-plain-text-only = نص عادي فقط (بلا نسخة HTML للرسائل المنسّقة)
ui-later-today = لاحقًا اليوم، { $time }
ui-later-tomorrow = صباح الغد، { $time }
ui-later-monday = صباح الاثنين، { $date }
ui-drafts = المسودات
ui-templates = القوالب
ui-drafts-empty = لا مسودات محفوظة. «احفظ لوقت لاحق» يحفظ الرسالة هنا ويُفرغ المحرر.
ui-templates-empty = لا قوالب بعد. اكتب رسالة واختر «احفظ كقالب».
ui-save-draft = احفظ لوقت لاحق
ui-save-template = احفظ كقالب
ui-draft-untitled = (بلا موضوع)
ui-draft-open = افتح
ui-draft-send = أرسل
ui-draft-delete = احذف
ui-template-use = استخدم
ui-saved-draft = حُفظت في المسودات.
ui-saved-template = حُفظت قالبًا.
ui-shelf-failed = تعذّرت قراءة المسودات أو كتابتها: { $detail }. ما كتبته ما زال في المحرر.
# --- spell: spell checking
ui-spell-loading = التدقيق الإملائي: جارٍ قراءة القواميس…
ui-spell-off = التدقيق الإملائي متوقف: لم يُعثر على قواميس Hunspell. على Debian أو Ubuntu ثبّت الحزمتين hunspell-en-us و hunspell-ar (وعلى Fedora الحزمتين hunspell-en-US و hunspell-ar)، ثم أعد تشغيل هدهد.
ui-spell-on = التدقيق الإملائي: الإنجليزية ({ $english }) والعربية ({ $arabic })؛ تُدقَّق كل كلمة بلغة حروفها.
ui-spell-english-only = التدقيق الإملائي: الإنجليزية ({ $english }) فقط. لم يُعثر على قاموس عربي: ثبّت الحزمة hunspell-ar ثم أعد تشغيل هدهد.
ui-spell-arabic-only = التدقيق الإملائي: العربية ({ $arabic }) فقط. لم يُعثر على قاموس إنجليزي: ثبّت الحزمة hunspell-en-us ثم أعد تشغيل هدهد.
ui-spell-personal = الكلمات التي تضيفها إلى القاموس تُحفظ في { $file }.
ui-spell-unreadable = تعذّرت قراءة القاموس { $file } ({ $detail })؛ فلن يُستخدم.
ui-spell-encoding = ترميزه ليس UTF-8 ولا ISO 8859-1
ui-spell-not-saved = تعذّرت إضافة «{ $word }» إلى ملف قاموسك ({ $detail }). ستُعدّ صحيحة حتى يُغلق هدهد؛ تأكد من أن مجلد البيانات قابل للكتابة.
ui-menu-searching = جارٍ البحث عن اقتراحات…
ui-menu-no-suggestions = لا توجد اقتراحات
ui-menu-learn = أضف «{ $word }» إلى القاموس

# --- identity: identities (aliases) and signatures
error-identity-unknown = «{ $address }» ليس من العناوين التي يرسل منها الحساب «{ $account }». أضفه بالأمر «hudhud account identity add { $account } { $address }» (في النافذة: الحسابات ← تعديل ← إضافة هوية)، أو اختر مرسِلًا آخر.
error-identity-exists = الحساب «{ $account }» يرسل من «{ $address }» من قبل.
error-from-unknown = لا يرسل أي حساب من «{ $from }» ولا يوجد حساب بهذا الاسم. راجع «hudhud account identity list».
cli-from-identity = العنوان الذي يُرسل منه (عنوان حساب أو إحدى هوياته) أو اسم الحساب (الافتراضي: الحساب الافتراضي)
cli-account-identity = عناوين أخرى يرسل منها الحساب (أسماء بديلة)، لكل منها اسمه وتوقيعه
cli-identity-add = إضافة عنوان يرسل منه الحساب
cli-identity-list = عرض العناوين التي يرسل منها كل حساب
cli-identity-remove = إزالة عنوان يرسل منه الحساب
cli-identity-edit = تغيير اسم الهوية أو توقيعها
cli-identity-address = العنوان (اسم بديل للحساب)
cli-identity-name = الاسم الذي يظهر مع هذا العنوان (فارغ: بلا اسم)
cli-identity-signature = توقيع هذا العنوان؛ تُحفظ الأسطر المتعددة (فارغ: بلا توقيع)
cli-identity-signature-file = قراءة توقيع هذا العنوان من ملف
cli-signature-placement = موضع التوقيع حين ينتهي النص باقتباس (أسطر تبدأ بـ «>»)
identity-added = صار الحساب «{ $account }» يرسل أيضًا من { $address }.
identity-removed = لم يعد الحساب «{ $account }» يرسل من { $address }.
identity-edited = تغيّرت الهوية { $address } في الحساب «{ $account }».
identity-list-empty = لا حسابات بعد. أضف حسابًا بالأمر «hudhud account add».
identity-own = (عنوان الحساب نفسه)
error-identity-own = { $address } هو عنوان الحساب «{ $account }» نفسه: غيّره بالأمر «hudhud account edit».
error-signature-file = تعذّرت قراءة التوقيع من { $path }: { $reason }
ui-identities = الهويات والتواقيع
ui-identities-hint = عناوين أخرى قد يرسل منها هذا الحساب (أسماء بديلة). يجب أن يسمح بها الخادم؛ وكثير من الخوادم لا يسمح إلا بالعناوين المعدّة لدى مزوّد البريد.
ui-identity-add = إضافة هوية
ui-identity-remove = إزالة الهوية
ui-identity-address = العنوان
ui-identity-name = الاسم
ui-signature-placeholder = لا بأس بعدة أسطر. يوضع تحت سطر «-- ».
ui-signature-placement = حين ينتهي النص باقتباس
ui-signature-below-quote = التوقيع تحت الاقتباس
ui-signature-above-quote = التوقيع فوق الاقتباس
ui-identity-invalid = الهوية { $number }: «{ $address }» ليس عنوان بريد إلكتروني.
ui-identity-duplicate = الهوية { $number }: العنوان { $address } مذكور مرتين.
smtp-sender-refused = رفض الخادم عنوان المرسِل: الأرجح أن هذا الحساب غير مسموح له بالإرسال من هذا العنوان. اطلب من مزوّد بريدك قبوله اسمًا بديلًا (في Gmail: «إرسال البريد بوصفك»؛ في Microsoft 365: صلاحية «الإرسال باسم»)، أو أرسل من عنوان الحساب نفسه. ردّ الخادم أدناه.
# --- sent: background sending, sent history retention
ui-sending-in-background = يجري الإرسال في الخلفية (عملية أخرى من هدهد ترسل من هذا الحساب)
cli-sent-retention = اعرض أو اضبط مدة الاحتفاظ بالرسائل المرسلة (ثم طبّقها الآن)
cli-sent-keep-forever = احتفظ بكل رسالة مرسلة (الافتراضي)
cli-sent-keep-days = احذف الرسائل المرسلة التي مضى عليها أكثر من N يومًا
cli-sent-keep-messages = احتفظ بأحدث N رسالة مرسلة فقط
cli-sent-compress-after = احفظ الرسائل المرسلة التي مضى عليها أكثر من DAYS يومًا مضغوطةً (0 = أبدًا)
sent-keep-forever = يُحتفظ بالرسائل المرسلة إلى الأبد.
sent-keep-days = { $days ->
    [one] يُحتفظ بالرسائل المرسلة يومًا واحدًا.
    [two] يُحتفظ بالرسائل المرسلة يومين.
    [few] يُحتفظ بالرسائل المرسلة { $days } أيام.
   *[other] يُحتفظ بالرسائل المرسلة { $days } يومًا.
}
sent-keep-messages = { $count ->
    [one] يُحتفظ بأحدث رسالة مرسلة فقط.
    [two] يُحتفظ بأحدث رسالتين مرسلتين فقط.
    [few] يُحتفظ بأحدث { $count } رسائل مرسلة فقط.
   *[other] يُحتفظ بأحدث { $count } رسالة مرسلة فقط.
}
sent-compress-after = { $days ->
    [0] لا تُضغط الرسائل المرسلة.
    [one] تُحفظ الرسائل المرسلة التي مضى عليها أكثر من يوم مضغوطةً.
    [two] تُحفظ الرسائل المرسلة التي مضى عليها أكثر من يومين مضغوطةً.
    [few] تُحفظ الرسائل المرسلة التي مضى عليها أكثر من { $days } أيام مضغوطةً.
   *[other] تُحفظ الرسائل المرسلة التي مضى عليها أكثر من { $days } يومًا مضغوطةً.
}
sent-pruned = الآن: حُذفت { $removed }، وضُغطت { $compressed }.
ui-keep-sent = الاحتفاظ بالرسائل المرسلة
ui-keep-sent-forever = إلى الأبد
ui-keep-sent-days = عددًا من الأيام
ui-keep-sent-messages = الأحدث فقط
ui-messages-unit = رسالة
ui-compress-sent-after = ضغط الرسائل المرسلة الأقدم من
ui-compress-sent-unit = يوم (0 = أبدًا)
# --- attach: attachments
ui-chooser-up = للأعلى
ui-chooser-home = المجلد الرئيسي
ui-chooser-reading = تجري قراءة المجلد…
ui-chooser-empty = هذا المجلد فارغ.
ui-chooser-hint = انقر الملفات لاختيارها، ثم Enter لإرفاقها أو Escape للإلغاء.
ui-chooser-cancel = إلغاء
ui-chooser-open = { $count ->
    [0] إرفاق
    [one] إرفاق ملف واحد
    [two] إرفاق ملفين
    [few] إرفاق { $count } ملفات
   *[other] إرفاق { $count } ملفًا
}
ui-chooser-unreadable = تعذّرت قراءة المجلد { $folder } ({ $reason }). انتقل إلى الأعلى أو إلى المجلد الرئيسي واختر غيره.
error-file-not-opened = تعذّر فتح { $path } ({ $reason }). ثبّت برنامجًا لهذا النوع من الملفات، أو افتحه من مدير الملفات.
ui-attachment-open = فتح
ui-attachment-remove = إزالة
ui-attachments-total = المجموع { $size } من { $limit } يقبلها الخادم
ui-attachments-total-common = المجموع { $size } (تقبل معظم الخوادم حتى { $limit })

# --- compose15: spelling keyboard, signature
ui-signature-preview-above-quote = يُضاف توقيعك بين نصك والاقتباس:
ui-shortcut-menu = في حقل نص: اقتراحات للكلمة عند المؤشر، وقص ونسخ ولصق
# --- later: send later picker
later-calendar = التقويم
later-month-title = { $month } { $year }
later-month-1 = يناير
later-month-2 = فبراير
later-month-3 = مارس
later-month-4 = أبريل
later-month-5 = مايو
later-month-6 = يونيو
later-month-7 = يوليو
later-month-8 = أغسطس
later-month-9 = سبتمبر
later-month-10 = أكتوبر
later-month-11 = نوفمبر
later-month-12 = ديسمبر
later-weekday-sun = أحد
later-weekday-mon = اثنين
later-weekday-tue = ثلاثاء
later-weekday-wed = أربعاء
later-weekday-thu = خميس
later-weekday-fri = جمعة
later-weekday-sat = سبت
later-time = الوقت
later-zone = المنطقة الزمنية: { $zone } ({ $offset })
later-zone-offset = المنطقة الزمنية: { $offset }
later-keys =
    الأسهم: يوم آخر
    الشهر السابق والتالي: Page Up و Page Down
    الاختيار: Enter · الإغلاق دون تغيير: Escape
later-done = تم
later-passed = مضى الموعد { $time } (الآن { $now }). اختر يومًا أو وقتًا لاحقًا.
later-skipped = الوقت { $time } غير موجود في { $zone }: تُقدَّم الساعة في ذلك الوقت. اختر وقتًا آخر، مثل { $next }.
later-skipped-plain = الوقت { $time } غير موجود في { $zone }: تُقدَّم الساعة في ذلك الوقت. اختر وقتًا آخر.
# --- a11y: screen readers
a11y-body = نص الرسالة
a11y-notices = الإشعارات
a11y-sending-in = { $seconds ->
    [zero] يُرسل الآن
    [one] يُرسل بعد ثانية واحدة
    [two] يُرسل بعد ثانيتين
    [few] يُرسل بعد { $seconds } ثوانٍ
    [many] يُرسل بعد { $seconds } ثانية
   *[other] يُرسل بعد { $seconds } ثانية
}
# --- a11y2: screen readers, more screens
a11y-screens = الشاشات
a11y-attachments = المرفقات
a11y-outbox-row = { $subject }، { $recipients }

# --- newuser: outbox
# On a message not tried yet (scheduled, or waiting its turn): send it at once.
ui-send-now = أرسل الآن

# --- destroy: confirmations
ui-delete-saved-confirm = أتحذف هذا نهائيًا؟ لا يمكن استعادته بعد ذلك.
ui-chip-invalid-more = { $count ->
    [one] وعنوان آخر هنا غير صالح أيضًا.
    [two] وعنوانان آخران هنا غير صالحين أيضًا.
    [few] و{ $count } عناوين أخرى هنا غير صالحة أيضًا.
   *[other] و{ $count } عنوانًا آخر هنا غير صالح أيضًا.
}
# --- sched: scheduled sending
state-scheduled = مجدولة
# --- layout: sent list
# Before the addresses on a Sent row, kept whole when the addresses are cut.
sent-recipients-label = المستلمون:
