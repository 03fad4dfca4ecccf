/**
 * The Russian dictionary is the source of truth: its keys define `TranslationKey`, and the
 * English dictionary must have exactly the same keys (checked by the compiler in en.ts).
 * Wording follows the managers' manual ("Сделки", "Задачи", "Списки", "Неразобранное").
 */
export const ru = {
  'app.name': 'CRM',
  'app.skipToContent': 'Перейти к содержимому',

  'lang.ru': 'Русский',
  'lang.en': 'English',

  'nav.main': 'Разделы',
  'nav.deals': 'Сделки',
  'nav.tasks': 'Задачи',
  'nav.lists': 'Списки',
  'nav.inbox': 'Неразобранное',
  'nav.reports': 'Отчёты',
  'nav.settings': 'Настройки',
  'nav.chat': 'Чат',

  'shell.userMenu': 'Меню пользователя {name}',
  'shell.language': 'Язык',
  'shell.mySettings': 'Мои настройки',
  'shell.signOut': 'Выйти',
  'shell.languageFailed': 'Язык не сохранён в настройках: {message}',

  'role.Admin': 'Администратор',
  'role.HeadOfSales': 'Руководитель отдела продаж',
  'role.Manager': 'Менеджер',

  'empty.soon': 'Раздел готовится',
  'deals.empty':
    'Здесь появятся воронки и сделки: доска по этапам, быстрое добавление, карточка сделки.',
  'tasks.empty':
    'Здесь появятся ваши задачи: на сегодня и завтра, «Просроченные задачи», календарь и кнопка «Синхронизировать».',
  'lists.empty':
    'Здесь появятся компании и контакты: таблица «как в Excel», поиск и фильтр, поиск дубликатов.',
  'inbox.empty':
    'Здесь появятся запросы с сайта и общей почты: откройте запрос, посмотрите регион и нажмите «Принять» или «Отклонить».',
  'reports.empty':
    'Здесь появятся отчёты: сделки по этапам воронок, скорость прохождения этапов и прогноз продаж.',
  'chat.empty':
    'Здесь появится внутренний чат: каналы отдела, личные сообщения и уведомления по задачам и сделкам.',

  'form.required': 'Заполните поле',
  'form.email': 'Введите e-mail в виде name@company.ru',
  'form.minLength': 'Не меньше {n} символов',
  'form.range': 'Введите целое число от {min} до {max}',
  'form.showPassword': 'Показать пароль',
  'form.hidePassword': 'Скрыть пароль',

  'common.cancel': 'Отмена',
  'common.close': 'Закрыть',
  'common.save': 'Сохранить',
  'common.retry': 'Повторить',
  'common.loading': 'Загрузка…',
  'common.yes': 'Да',
  'common.no': 'Нет',

  'errors.network': 'Нет связи с сервером. Проверьте подключение и попробуйте ещё раз.',
  'errors.server': 'Ошибка на сервере. Попробуйте ещё раз через минуту.',
  'errors.forbidden': 'Недостаточно прав для этого действия. Обратитесь к администратору.',
  'errors.notFound': 'Запись не найдена: возможно, её уже удалили. Обновите страницу.',
  'errors.conflict': 'Запись только что изменил кто-то другой. Обновите данные и повторите.',
  'errors.invalid': 'Проверьте поля формы.',
  'errors.unknown': 'Что-то пошло не так. Попробуйте ещё раз.',

  'signIn.title': 'Вход в CRM',
  'signIn.email': 'E-mail',
  'signIn.password': 'Пароль',
  'signIn.submit': 'Войти',
  'signIn.failed': 'Не удалось войти. Проверьте e-mail и пароль.',
  'signIn.languages': 'Язык интерфейса',

  'settings.title': 'Настройки',
  'settings.users': 'Пользователи',
  'settings.usersHint': 'Сотрудники, роли, отключение и сброс пароля',
  'settings.profile': 'Мои настройки',
  'settings.profileHint': 'Язык, часовой пояс, напоминания и API-токены',

  'profile.title': 'Мои настройки',
  'profile.preferences': 'Язык и время',
  'profile.language': 'Язык интерфейса',
  'profile.timeZone': 'Часовой пояс',
  'profile.timeZoneHint': 'Начните вводить город, например Moscow',
  'profile.timeZoneInvalid': 'Выберите часовой пояс из списка',
  'profile.reminder': 'Напоминать о задаче за, минут',
  'profile.reminderHint': 'От 0 до 1440 (сутки)',
  'profile.saved': 'Настройки сохранены',

  'tokens.title': 'API-токены',
  'tokens.hint':
    'Токен даёт скриптам и интеграциям доступ к CRM от вашего имени (заголовок Authorization: Bearer …).',
  'tokens.name': 'Название токена',
  'tokens.nameHint': 'Например: «Выгрузка в 1С»',
  'tokens.create': 'Создать токен',
  'tokens.list': 'Ваши токены',
  'tokens.empty': 'Токенов нет. Создайте токен, чтобы подключить скрипт или интеграцию.',
  'tokens.createdAt': 'Создан',
  'tokens.lastUsed': 'Последнее использование',
  'tokens.never': 'Не использовался',
  'tokens.revoke': 'Отозвать',
  'tokens.revokeNamed': 'Отозвать токен «{name}»',
  'tokens.revokeConfirm':
    'Отозвать токен «{name}»? Скрипты, которые им пользуются, перестанут работать.',
  'tokens.revoked': 'Токен «{name}» отозван',
  'tokens.newToken': 'Новый токен «{name}»',
  'tokens.copyOnce': 'Скопируйте токен сейчас: после закрытия он больше не будет показан.',
  'tokens.value': 'Значение токена',
  'tokens.copy': 'Копировать',
  'tokens.copied': 'Токен скопирован',
  'tokens.done': 'Я скопировал токен',

  'users.title': 'Пользователи',
  'users.add': 'Добавить пользователя',
  'users.search': 'Поиск по имени или e-mail',
  'users.name': 'Имя',
  'users.email': 'E-mail',
  'users.role': 'Роль',
  'users.active': 'Активен',
  'users.createdAt': 'Создан',
  'users.actions': 'Действия',
  'users.actionsFor': 'Действия с пользователем {name}',
  'users.edit': 'Изменить',
  'users.deactivate': 'Отключить',
  'users.activate': 'Включить',
  'users.resetPassword': 'Сбросить пароль',
  'users.inactive': 'Отключён',
  'users.you': 'вы',
  'users.empty': 'Пользователей пока нет. Нажмите «Добавить пользователя».',
  'users.noMatch': 'Никого не нашли по запросу «{query}». Измените запрос.',
  'users.loadFailed': 'Не удалось загрузить пользователей: {message}',
  'users.deactivated': '{name}: доступ отключён',
  'users.activated': '{name}: доступ снова включён',
  'users.passwordReset': 'Пароль для {name} изменён. Сообщите его сотруднику лично.',
  'users.created': 'Пользователь {name} добавлен',
  'users.saved': 'Изменения сохранены',

  'userDialog.createTitle': 'Новый пользователь',
  'userDialog.editTitle': 'Изменить пользователя',
  'userDialog.displayName': 'Имя и фамилия',
  'userDialog.password': 'Пароль',
  'userDialog.passwordHint': 'Не меньше 8 символов. Сотрудник сможет войти с ним сразу.',
  'userDialog.create': 'Добавить',
  'userDialog.conflict':
    'Этого пользователя только что изменил кто-то другой. Загрузите свежие данные и внесите правки снова.',
  'userDialog.reload': 'Загрузить заново',

  'resetDialog.title': 'Новый пароль: {name}',
  'resetDialog.password': 'Новый пароль',
  'resetDialog.submit': 'Сменить пароль',
} as const;

/** Every text the UI can show; English must provide the same set. */
export type TranslationKey = keyof typeof ru;
export type Dictionary = { readonly [K in TranslationKey]: string };
