/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Who made a change. */
export type ActorType =
  /** A partner integration or tool, through an API key. */
  | 'API_KEY'
  /** A staff user in the admin console. */
  | 'STAFF'
  /** Clientela itself. */
  | 'SYSTEM';

/** A note to add. */
export type AddNoteInput = {
  /** The text (≤ 5000). */
  body: string;
  /** The client. */
  clientId: string | number;
};

/** Points to add, or with a negative amount to redeem. */
export type AddPointsInput = {
  /** Non-zero; negative redeems. */
  amount: number;
  /** The client. */
  clientId: string | number;
  /** When credited points expire (credits only). */
  expiresAt?: string | null | undefined;
  /** The same key again changes nothing and returns the first result. */
  idempotencyKey?: string | null | undefined;
  /** Why (≤ 200). */
  reason: string;
};

/** A password for a client's account. */
export type AssignPasswordInput = {
  /** The client. */
  clientId: string | number;
  /** 8 to 128 characters, not the email, not a common password. */
  password: string;
};

/** Where a booking is. */
export type BookingStatus =
  /** The client came. */
  | 'ATTENDED'
  /** Booked. */
  | 'BOOKED'
  /** Cancelled. */
  | 'CANCELLED'
  /** Booked, waiting to be redeemed. */
  | 'PENDING_REDEMPTION';

/** A level set by hand, or none to follow the points again. */
export type ChangeLevelInput = {
  /** The client. */
  clientId: string | number;
  /** The level; null hands back to points. */
  levelId?: string | number | null | undefined;
};

/** Tags to add or remove, on listed clients or on a filter. */
export type ChangeTagsInput = {
  /** These clients. */
  clientIds?: Array<string | number> | null | undefined;
  /** Every matching client. */
  filter?: ClientFilterInput | null | undefined;
  /** 1 to 50 tag names (any case, ≤ 64 each). */
  tags: Array<string>;
};

/** How a notification reaches a person. */
export type Channel =
  /** An email to the client's verified address. */
  | 'EMAIL'
  /** The account's in-app inbox. */
  | 'IN_APP';

/** The client to help. */
export type ClientAccessInput = {
  /** The client. */
  clientId: string | number;
};

/** Which clients; every condition given must hold. */
export type ClientFilterInput = {
  /** Born in this month (1-12). */
  birthdayMonth?: number | null | undefined;
  /** Birthday from today to this many days ahead (0-366). */
  birthdayWithinDays?: number | null | undefined;
  /** In any of these cities (case-insensitive). */
  cities?: Array<string> | null | undefined;
  /** Any of these genders. */
  genders?: Array<Gender> | null | undefined;
  /** Conditions on generic fields. */
  generic?: Array<GenericConditionInput> | null | undefined;
  /** At any of these levels. */
  levelIds?: Array<string | number> | null | undefined;
  /** Points balance range. */
  points?: IntRangeInput | null | undefined;
  /** Registration time range. */
  registeredAt?: DateTimeRangeInput | null | undefined;
  /** Words that must each match a name, the email, the phone or the id number. */
  search?: string | null | undefined;
  /** Any of these statuses; by default all but MERGED and DELETED. */
  status?: Array<ClientStatus> | null | undefined;
  /** Tag conditions. */
  tags?: TagConditionInput | null | undefined;
};

/** How a list of clients is sorted. */
export type ClientOrder =
  /** By last name, then first name. */
  | 'NAME_ASC'
  /** Most points first. */
  | 'POINTS_DESC'
  /** Oldest registration first. */
  | 'REGISTERED_AT_ASC'
  /** Newest registration first (the default). */
  | 'REGISTERED_AT_DESC'
  /** Most recently changed first. */
  | 'UPDATED_AT_DESC';

/** Where a client record is in its lifecycle. */
export type ClientStatus =
  /** A current client. */
  | 'ACTIVE'
  /** Deleted permanently; personal data erased. */
  | 'DELETED'
  /** Blocked: no login, no notifications; only an admin can enable it again. */
  | 'DISABLED'
  /** Deactivated by staff; can be reactivated. */
  | 'INACTIVE'
  /** Unified into another record; its id resolves to the survivor. */
  | 'MERGED';

/** The client whose lifecycle status to change. */
export type ClientStatusInput = {
  /** The client. */
  clientId: string | number;
};

/** A new API key. */
export type CreateApiKeyInput = {
  /** What the key is for (≤ 100). */
  name: string;
  /** What it may do: CLIENTS_READ, CLIENTS_WRITE, NOTES_WRITE. */
  scopes: Array<Permission>;
};

/** A new client record. */
export type CreateClientInput = {
  /** Date of birth, from 1900-01-01 to today. */
  birthday?: string | null | undefined;
  /** City (≤ 100). */
  city?: string | null | undefined;
  /** Generic date 1. */
  date1?: string | null | undefined;
  /** Generic date 2. */
  date2?: string | null | undefined;
  /** Notification email; unique in the organization. */
  email?: string | null | undefined;
  /** The partner's own id; unique in the organization (≤ 100). */
  externalId?: string | null | undefined;
  /** First name (≤ 100). */
  firstName?: string | null | undefined;
  /** Gender. */
  gender?: Gender | null | undefined;
  /** Identity document number (≤ 50). */
  identificationNumber?: string | null | undefined;
  /** Kind of identity document. */
  identificationType?: IdentificationType | null | undefined;
  /** Generic integer 1. */
  int1?: number | null | undefined;
  /** Generic integer 2. */
  int2?: number | null | undefined;
  /** Generic integer 3. */
  int3?: number | null | undefined;
  /** Generic integer 4. */
  int4?: number | null | undefined;
  /** Generic integer 5. */
  int5?: number | null | undefined;
  /** Last name (≤ 100). */
  lastName?: string | null | undefined;
  /** Level to set by hand; null removes the level. */
  levelId?: string | number | null | undefined;
  /** Language for mail: it, es, en. */
  locale?: string | null | undefined;
  /** Phone number; international (+…) or local to the organization's country. */
  phone?: string | null | undefined;
  /** The share code of the client who referred this one (R5.3). */
  referredByShareCode?: string | null | undefined;
  /** Registration time, not in the future; defaults to now. */
  registeredAt?: string | null | undefined;
  /** Code given at registration (≤ 50). */
  registrationCode?: string | null | undefined;
  /** Referral code, 4-32 letters, digits or dashes; generated when omitted. */
  shareCode?: string | null | undefined;
  /** Generic text 1 (≤ 500). */
  text1?: string | null | undefined;
  /** Generic text 2 (≤ 500). */
  text2?: string | null | undefined;
  /** Generic text 3 (≤ 500). */
  text3?: string | null | undefined;
  /** Generic text 4 (≤ 500). */
  text4?: string | null | undefined;
  /** Generic text 5 (≤ 500). */
  text5?: string | null | undefined;
};

/** A new loyalty level. */
export type CreateLevelInput = {
  /** Name, unique in the organization (≤ 64). */
  name: string;
  /** Points from which a client reaches it (≥ 0). */
  threshold: number;
};

/** A new segment. */
export type CreateSegmentInput = {
  /** Who belongs to it. */
  filter: ClientFilterInput;
  /** Name, unique in the organization (≤ 100). */
  name: string;
};

/** A range of times: from (inclusive) to (exclusive). */
export type DateTimeRangeInput = {
  /** From, inclusive. */
  from?: string | null | undefined;
  /** To, exclusive. */
  to?: string | null | undefined;
};

/** The segment to delete. */
export type DeleteSegmentInput = {
  /** The segment. */
  segmentId: string | number;
};

/** What went wrong with an input; consumers branch on this, never on the message. */
export type ErrorCode =
  /** The client, or the account here, already has a link. */
  | 'ACCOUNT_ALREADY_LINKED'
  /** Both clients have accounts: say which stays linked. */
  | 'ACCOUNT_CHOICE_REQUIRED'
  /** The client is disabled: no login. */
  | 'ACCOUNT_DISABLED'
  /** No verified account logs in with the client's notification email: the person verifies it first (the welcome email invites them). */
  | 'ACCOUNT_EMAIL_MISMATCH'
  /** The login email is verified: only its owner can change it. Create a new record with the right email and unify the old one into it. */
  | 'ACCOUNT_EMAIL_OWNED_BY_CLIENT'
  /** The organization does not use client-app accounts. */
  | 'CLIENT_ACCOUNTS_DISABLED'
  /** The client was already merged or deleted. */
  | 'CLIENT_MERGED'
  /** Another client of the organization has this email. */
  | 'EMAIL_IN_USE'
  /** Right password, but the email is not verified yet. */
  | 'EMAIL_NOT_VERIFIED'
  /** Another client of the organization has this external id. */
  | 'EXTERNAL_ID_IN_USE'
  /** A redemption larger than the balance. */
  | 'INSUFFICIENT_POINTS'
  /** The value is not acceptable for this field. */
  | 'INVALID'
  /** Wrong email or password. */
  | 'INVALID_CREDENTIALS'
  /** Not a valid email address. */
  | 'INVALID_EMAIL'
  /** Not a valid phone number. */
  | 'INVALID_PHONE'
  /** The client's status does not allow this change. */
  | 'INVALID_STATUS'
  /** The link or token is unknown, used or expired. */
  | 'INVALID_TOKEN'
  /** An organization keeps at least one active owner. */
  | 'LAST_OWNER'
  /** Another account logs in with this email. */
  | 'LOGIN_EMAIL_IN_USE'
  /** A merge (or another change) is running on one of these clients. */
  | 'MERGE_IN_PROGRESS'
  /** Another record of the organization has this name. */
  | 'NAME_IN_USE'
  /** No such record in this organization. */
  | 'NOT_FOUND'
  /** Only the note's author or an admin can change or delete it. */
  | 'NOT_NOTE_AUTHOR'
  /** The client has no client-app account. */
  | 'NO_ACCOUNT'
  /** The client has no email address. */
  | 'NO_EMAIL'
  /** The value is outside the allowed range. */
  | 'OUT_OF_RANGE'
  /** The organization switched staff password assignment off. */
  | 'PASSWORD_ASSIGNMENT_DISABLED'
  /** Too many attempts; wait and try again. */
  | 'RATE_LIMITED'
  /** A value is required. */
  | 'REQUIRED'
  /** A client cannot be unified with itself. */
  | 'SAME_CLIENT'
  /** Another client of the organization has this share code. */
  | 'SHARE_CODE_IN_USE'
  /** A staff user already has this email. */
  | 'STAFF_EMAIL_IN_USE'
  /** Only staff who may enable clients can choose another status for a disabled one. */
  | 'STATUS_CHOICE_FORBIDDEN'
  /** A warning: the survivor's notification email is not its linked account's login email, so no notification would reach the person. Send the welcome email: its link lets the person in with the notification email (R4.6). */
  | 'SURVIVOR_UNREACHABLE'
  /** Another level of the organization has this threshold. */
  | 'THRESHOLD_IN_USE'
  /** The value is longer than allowed. */
  | 'TOO_LONG'
  /** The password breaks the policy: 8+ characters, not the email or common. */
  | 'WEAK_PASSWORD';

/** For a field both clients have: whose value to keep. */
export type FieldChoiceInput = {
  /** The field's GraphQL name, e.g. phone. */
  field: string;
  /** Whose value stays. */
  keep: Keep;
};

/** The gender a client gave. */
export type Gender =
  /** Female. */
  | 'FEMALE'
  /** Male. */
  | 'MALE'
  /** Another gender, or not said. */
  | 'OTHER';

/** A condition on a generic field: equals/contains for TEXT, min/max for INT, from/to for DATE. */
export type GenericConditionInput = {
  /** Text containing. */
  contains?: string | null | undefined;
  /** Text equal to (any case). */
  equals?: string | null | undefined;
  /** The generic field. */
  field: GenericField;
  /** Date from. */
  from?: string | null | undefined;
  /** Number at most. */
  max?: number | null | undefined;
  /** Number at least. */
  min?: number | null | undefined;
  /** Date to (inclusive). */
  to?: string | null | undefined;
};

/** The generic fields of a client record that an organization can label. */
export type GenericField =
  /** Generic date field 1. */
  | 'DATE1'
  /** Generic date field 2. */
  | 'DATE2'
  /** Generic integer field 1. */
  | 'INT1'
  /** Generic integer field 2. */
  | 'INT2'
  /** Generic integer field 3. */
  | 'INT3'
  /** Generic integer field 4. */
  | 'INT4'
  /** Generic integer field 5. */
  | 'INT5'
  /** Generic text field 1. */
  | 'TEXT1'
  /** Generic text field 2. */
  | 'TEXT2'
  /** Generic text field 3. */
  | 'TEXT3'
  /** Generic text field 4. */
  | 'TEXT4'
  /** Generic text field 5. */
  | 'TEXT5';

/** A gift card to give. */
export type GiftCardInput = {
  /** Its value. */
  amount: string;
  /** ISO 4217 code. */
  currency: string;
  /** Last valid day. */
  expiresOn?: string | null | undefined;
};

/** Whether a gift list still takes gifts. */
export type GiftListStatus =
  /** Closed: no more gifts. */
  | 'CLOSED'
  /** Open: friends can still give from it. */
  | 'OPEN';

/** The kind of identity document a number belongs to. */
export type IdentificationType =
  /** National identity card. */
  | 'NATIONAL_ID'
  /** Any other document. */
  | 'OTHER'
  /** Passport. */
  | 'PASSPORT'
  /** Tax identification number. */
  | 'TAX_ID';

/** An inclusive range of integers; either end may be omitted. */
export type IntRangeInput = {
  /** At most this. */
  max?: number | null | undefined;
  /** At least this. */
  min?: number | null | undefined;
};

/** Whose value or account stays when two clients are unified. */
export type Keep =
  /** The absorbed client's. */
  | 'ABSORBED'
  /** The survivor's. */
  | 'SURVIVOR';

/** How clients get their level. */
export type LevelMode =
  /** The level follows the points balance (unless set by hand). */
  | 'AUTOMATIC'
  /** Levels are only ever set by hand. */
  | 'MANUAL';

/** A membership to give. */
export type MembershipInput = {
  /** Last day. */
  endsOn?: string | null | undefined;
  /** What it is (≤ 200). */
  name: string;
  /** First day. */
  startsOn: string;
};

/** The client whose email to change, and the new email. */
export type MigrateClientEmailInput = {
  /** The client. */
  clientId: string | number;
  /** The new email. */
  email: string;
};

/** Values a notification type needs; which ones, see NotificationType. */
export type NotificationParamsInput = {
  /** An http(s) link to act on it. */
  actionUrl?: string | null | undefined;
  /** The activity of a session. */
  activity?: string | null | undefined;
  /** An amount of money, in `currency`; each message formats it for its reader. */
  amount?: string | null | undefined;
  /** The new balance (money, in `currency`). */
  balance?: string | null | undefined;
  /** Text of a MANUAL notice (≤ 5000). */
  body?: string | null | undefined;
  /** ISO 4217 code of `amount` and `balance`; the organization's by default. */
  currency?: string | null | undefined;
  /** What a sale was. */
  description?: string | null | undefined;
  /** What a payment is for. */
  reason?: string | null | undefined;
  /** When the session starts (ISO 8601; without an offset, in the organization's time zone). Each message words it in its reader's language. */
  startsAt?: string | null | undefined;
  /** Title of a MANUAL notice (one line). */
  title?: string | null | undefined;
};

/** Where a notification is. */
export type NotificationStatus =
  /** Delivery was given up; see lastError. */
  | 'FAILED'
  /** Waiting for delivery (or for its next attempt). */
  | 'QUEUED'
  /** Being delivered now. */
  | 'SENDING'
  /** Accepted by the mail server, or delivered to the inbox. */
  | 'SENT'
  /** Not sent; see skipReason. */
  | 'SKIPPED';

/** The notification catalogue. Account mails (WELCOME, VERIFY_EMAIL, PASSWORD_RESET, LOGIN_LINK) and PASSWORD_CHANGED / EMAIL_CHANGED are sent by their own flows. */
export type NotificationType =
  /** In-app and email: confirm attendance (activity, startsAt). */
  | 'CONFIRM_ATTENDANCE'
  /** Email: approve an in-app payment (amount, reason). */
  | 'CONFIRM_PURCHASE'
  /** Email: your email address was changed. */
  | 'EMAIL_CHANGED'
  /** In-app and email: a gift was given (sent by sendGift). */
  | 'GIFT'
  /** Email: one-click login link. */
  | 'LOGIN_LINK'
  /** In-app and email: a notice written by staff (title, body). */
  | 'MANUAL'
  /** Email: your password was changed. */
  | 'PASSWORD_CHANGED'
  /** Email: reset your password. */
  | 'PASSWORD_RESET'
  /** Email: receipt of an in-app payment (amount, reason). */
  | 'PAYMENT_RECEIPT'
  /** In-app: the organization requests a payment (amount, reason). */
  | 'PAYMENT_REQUEST'
  /** Email: please review the service (optional actionUrl). */
  | 'REVIEW_REQUEST'
  /** In-app: a sale or new balance on the profile (description, balance). */
  | 'SALE'
  /** In-app and email: a session was cancelled (activity, startsAt). */
  | 'SESSION_CANCELLED'
  /** Email to a new staff user: set a password (sent by inviteStaff). */
  | 'STAFF_INVITE'
  /** Email: verify your email address. */
  | 'VERIFY_EMAIL'
  /** In-app and email: a waiting-list spot is booked (activity, startsAt). */
  | 'WAITLIST_BOOKED'
  /** In-app and email: time to take a spot ran out (activity, startsAt). */
  | 'WAITLIST_EXPIRED'
  /** In-app: a spot is free on a waiting list (activity, startsAt). */
  | 'WAITLIST_SPOT_AVAILABLE'
  /** Email: welcome to the organization. */
  | 'WELCOME';

/** Where an order is. */
export type OrderStatus =
  /** Cancelled; final. */
  | 'CANCELLED'
  /** Delivered to the client. */
  | 'DELIVERED'
  /** Paid, not shipped yet. */
  | 'PAID'
  /** Placed, not paid yet. */
  | 'PENDING'
  /** On its way. */
  | 'SHIPPED';

/** A permission. Staff get them from their role; API keys from their scopes. */
export type Permission =
  /** Help clients with access: emails, welcome and setup mails. */
  | 'ACCOUNTS_MANAGE'
  /** Create and revoke API keys. */
  | 'API_KEYS_MANAGE'
  /** Delete clients permanently (owner and admin). */
  | 'CLIENTS_DELETE'
  /** Disable and enable clients (owner and admin). */
  | 'CLIENTS_DISABLE'
  /** Read client records (scope clients:read). */
  | 'CLIENTS_READ'
  /** Create and edit client records (scope clients:write). */
  | 'CLIENTS_WRITE'
  /** Create loyalty levels. */
  | 'LEVELS_MANAGE'
  /** Edit and delete anyone's notes (owner and admin); authors edit their own. */
  | 'NOTES_MANAGE'
  /** Add notes to clients (scope notes:write). */
  | 'NOTES_WRITE'
  /** Send notifications to clients (scope notifications:send). */
  | 'NOTIFICATIONS_SEND'
  /** Set a client's password (owner and admin only). */
  | 'PASSWORDS_ASSIGN'
  /** Add and redeem points, record purchases and bookings, send gifts. */
  | 'POINTS_WRITE'
  /** Create, change and export segments. */
  | 'SEGMENTS_MANAGE'
  /** Change organization settings such as field labels. */
  | 'SETTINGS_MANAGE'
  /** Invite staff, change their roles, deactivate them (owner and admin). */
  | 'STAFF_MANAGE'
  /** Add and remove tags, in bulk too. */
  | 'TAGS_WRITE';

/** Where a points entry comes from. */
export type PointsSource =
  /** Expired points leaving the balance. */
  | 'EXPIRY'
  /** A gift (sendGift). */
  | 'GIFT'
  /** addPoints by staff or an integration. */
  | 'MANUAL'
  /** Points moved by unifying two clients. */
  | 'MERGE'
  /** Points earned by a purchase. */
  | 'PURCHASE';

/** Whether a purchase is paid. */
export type PurchaseStatus =
  /** Paid. */
  | 'PAID'
  /** Waiting for payment. */
  | 'PENDING_PAYMENT';

/** The API key to revoke. */
export type RevokeApiKeyInput = {
  /** Public id of the key. */
  apiKeyId: string | number;
};

/** A gift: exactly one of points, giftCard, membership. */
export type SendGiftInput = {
  /** The client. */
  clientId: string | number;
  /** A gift card. */
  giftCard?: GiftCardInput | null | undefined;
  /** A membership. */
  membership?: MembershipInput | null | undefined;
  /** A note for the client (≤ 1000). */
  message?: string | null | undefined;
  /** Points to give. */
  points?: number | null | undefined;
};

/** A notification to send; give clientIds or a filter. */
export type SendNotificationInput = {
  /** Which channels; the type must have them. */
  channels: Array<Channel>;
  /** These clients (1 to 1000). */
  clientIds?: Array<string | number> | null | undefined;
  /** Every client matching this filter. */
  filter?: ClientFilterInput | null | undefined;
  /** The values the type needs. */
  params?: NotificationParamsInput | null | undefined;
  /** Every client of this segment. */
  segmentId?: string | number | null | undefined;
  /** What to send, from the catalogue. */
  type: NotificationType;
};

/** A label for a generic field. */
export type SetFieldLabelInput = {
  /** The generic field. */
  field: GenericField;
  /** Its name (≤ 100); null or empty removes it. */
  label?: string | null | undefined;
};

/** Why a notification was not sent. */
export type SkipReason =
  /** A verification reminder: the account's email is verified already. */
  | 'ALREADY_VERIFIED'
  /** The person switched this channel off. */
  | 'CHANNEL_OFF'
  /** The client is disabled. */
  | 'DISABLED'
  /** The client has no account, so no inbox. */
  | 'NO_ACCOUNT'
  /** The client has no email address. */
  | 'NO_EMAIL'
  /** No verified email: nothing reaches a person before that. */
  | 'NO_VERIFIED_EMAIL';

/** Staff credentials. */
export type StaffLoginInput = {
  /** Login email. */
  email: string;
  /** Password. */
  password: string;
};

/** The role of a staff user; it decides their permissions. */
export type StaffRole =
  /** Everything, including API keys, settings and assigning passwords. */
  | 'ADMIN'
  /** Read and edit clients, notes, notifications, help clients with access. */
  | 'AGENT'
  /** Read clients, write notes, send notifications. */
  | 'MARKETING'
  /** Everything, including API keys, settings and assigning passwords. */
  | 'OWNER'
  /** Read clients only. */
  | 'READ_ONLY';

/** Tag conditions; names are case-insensitive. */
export type TagConditionInput = {
  /** Has every one of these. */
  all?: Array<string> | null | undefined;
  /** Has at least one of these. */
  any?: Array<string> | null | undefined;
  /** Has none of these. */
  none?: Array<string> | null | undefined;
};

/** Two clients to unify: the absorbed one goes into the survivor. */
export type UnifyClientsInput = {
  /** The client absorbed into it. */
  absorbedId: string | number;
  /** Per field both have: whose value stays (default: survivor's). */
  fieldChoices?: Array<FieldChoiceInput> | null | undefined;
  /** When both have accounts: whose stays linked (required then). */
  keepAccountOf?: Keep | null | undefined;
  /** The survivor's status afterwards (ACTIVE, INACTIVE or DISABLED). Default: DISABLED if either is disabled, else the survivor's. Lifting or imposing DISABLED needs the permission enableClient needs (R4.7). */
  status?: ClientStatus | null | undefined;
  /** The client that stays. */
  survivorId: string | number;
};

/** Changes to a client record; only the fields given change. */
export type UpdateClientInput = {
  /** Date of birth, from 1900-01-01 to today. */
  birthday?: string | null | undefined;
  /** City (≤ 100). */
  city?: string | null | undefined;
  /** The client to change. */
  clientId: string | number;
  /** Generic date 1. */
  date1?: string | null | undefined;
  /** Generic date 2. */
  date2?: string | null | undefined;
  /** Notification email; unique in the organization. */
  email?: string | null | undefined;
  /** The partner's own id; unique in the organization (≤ 100). */
  externalId?: string | null | undefined;
  /** First name (≤ 100). */
  firstName?: string | null | undefined;
  /** Gender. */
  gender?: Gender | null | undefined;
  /** Identity document number (≤ 50). */
  identificationNumber?: string | null | undefined;
  /** Kind of identity document. */
  identificationType?: IdentificationType | null | undefined;
  /** Generic integer 1. */
  int1?: number | null | undefined;
  /** Generic integer 2. */
  int2?: number | null | undefined;
  /** Generic integer 3. */
  int3?: number | null | undefined;
  /** Generic integer 4. */
  int4?: number | null | undefined;
  /** Generic integer 5. */
  int5?: number | null | undefined;
  /** Last name (≤ 100). */
  lastName?: string | null | undefined;
  /** Level to set by hand; null removes the level. */
  levelId?: string | number | null | undefined;
  /** Language for mail: it, es, en. */
  locale?: string | null | undefined;
  /** Phone number; international (+…) or local to the organization's country. */
  phone?: string | null | undefined;
  /** Registration time, not in the future; defaults to now. */
  registeredAt?: string | null | undefined;
  /** Code given at registration (≤ 50). */
  registrationCode?: string | null | undefined;
  /** Referral code, 4-32 letters, digits or dashes; generated when omitted. */
  shareCode?: string | null | undefined;
  /** Generic text 1 (≤ 500). */
  text1?: string | null | undefined;
  /** Generic text 2 (≤ 500). */
  text2?: string | null | undefined;
  /** Generic text 3 (≤ 500). */
  text3?: string | null | undefined;
  /** Generic text 4 (≤ 500). */
  text4?: string | null | undefined;
  /** Generic text 5 (≤ 500). */
  text5?: string | null | undefined;
};

/** Organization settings to change; omitted ones stay. */
export type UpdateOrganizationSettingsInput = {
  /** Client-app accounts. */
  clientAccountsEnabled?: boolean | null | undefined;
  /** ISO 4217 code of amounts given without a currency. */
  currency?: string | null | undefined;
  /** How levels are set. */
  levelMode?: LevelMode | null | undefined;
  /** Address that replies to the organization's mail go to; "" for none. */
  replyTo?: string | null | undefined;
  /** Name in the From header of the organization's mail (R7.6); "" goes back to the organization's name. */
  senderName?: string | null | undefined;
  /** Staff may assign passwords. */
  staffPasswordAssignment?: boolean | null | undefined;
  /** IANA time zone of dates in mail, e.g. Europe/Madrid. */
  timeZone?: string | null | undefined;
};

/** Changes to a segment. */
export type UpdateSegmentInput = {
  /** A new filter. */
  filter?: ClientFilterInput | null | undefined;
  /** A new name. */
  name?: string | null | undefined;
  /** The segment. */
  segmentId: string | number;
};

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { permissions: Array<Permission>, organization: { id: string, name: string, slug: string, defaultLocale: string, country: string }, staffUser: { id: string, name: string, email: string, role: StaffRole } | null } | null, fieldLabels: Array<{ field: GenericField, label: string }> | null, levels: Array<{ id: string, name: string, threshold: number }> | null };

export type StaffLogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type StaffLogoutMutation = { staffLogout: { revoked: boolean, userErrors: Array<{ code: ErrorCode }> } };

export type StaffLoginMutationVariables = Exact<{
  input: StaffLoginInput;
}>;


export type StaffLoginMutation = { staffLogin: { token: string | null, expiresAt: string | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type ClientCardQueryVariables = Exact<{
  id: string | number;
}>;


export type ClientCardQuery = { client: { id: string, firstName: string, lastName: string, email: string | null, phone: string | null, identificationType: IdentificationType | null, identificationNumber: string | null, externalId: string | null, gender: Gender | null, city: string | null, birthday: string | null, locale: string | null, points: number, registeredAt: string, registrationCode: string | null, shareCode: string, text1: string | null, text2: string | null, text3: string | null, text4: string | null, text5: string | null, int1: number | null, int2: number | null, int3: number | null, int4: number | null, int5: number | null, date1: string | null, date2: string | null, status: ClientStatus, levelSetManually: boolean, createdAt: string, updatedAt: string, mergedFrom: Array<string>, mergedInto: string | null, level: { id: string, name: string } | null, tags: Array<{ id: string, name: string }>, account: { id: string, email: string, firstName: string, lastName: string, verified: boolean, verifiedAt: string | null, emailNotifications: boolean, inAppNotifications: boolean } | null, referredBy: { id: string, firstName: string, lastName: string } | null } | null };

export type UpdateClientMutationVariables = Exact<{
  input: UpdateClientInput;
}>;


export type UpdateClientMutation = { updateClient: { client: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string, conflictingClientId: string | null }> } };

export type CreateClientMutationVariables = Exact<{
  input: CreateClientInput;
}>;


export type CreateClientMutation = { createClient: { client: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string, conflictingClientId: string | null }> } };

export type AddNoteMutationVariables = Exact<{
  input: AddNoteInput;
}>;


export type AddNoteMutation = { addNote: { note: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type AddPointsMutationVariables = Exact<{
  input: AddPointsInput;
}>;


export type AddPointsMutation = { addPoints: { entry: { id: string, balanceAfter: number } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type ChangeLevelMutationVariables = Exact<{
  input: ChangeLevelInput;
}>;


export type ChangeLevelMutation = { changeLevel: { client: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type AddClientTagsMutationVariables = Exact<{
  input: ChangeTagsInput;
}>;


export type AddClientTagsMutation = { addTags: { changed: number, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type RemoveClientTagsMutationVariables = Exact<{
  input: ChangeTagsInput;
}>;


export type RemoveClientTagsMutation = { removeTags: { changed: number, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type SendGiftMutationVariables = Exact<{
  input: SendGiftInput;
}>;


export type SendGiftMutation = { sendGift: { client: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type MigrateClientEmailMutationVariables = Exact<{
  input: MigrateClientEmailInput;
}>;


export type MigrateClientEmailMutation = { migrateClientEmail: { client: { id: string, email: string | null, account: { email: string, verified: boolean } | null } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string, conflictingClientId: string | null }> } };

export type FixEmailAccessMutationVariables = Exact<{
  input: ClientAccessInput;
}>;


export type FixEmailAccessMutation = { fixEmailAccess: { action: string | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type SendWelcomeEmailMutationVariables = Exact<{
  input: ClientAccessInput;
}>;


export type SendWelcomeEmailMutation = { sendWelcomeEmail: { client: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type SendPasswordSetupLinkMutationVariables = Exact<{
  input: ClientAccessInput;
}>;


export type SendPasswordSetupLinkMutation = { sendPasswordSetupLink: { client: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type AssignPasswordMutationVariables = Exact<{
  input: AssignPasswordInput;
}>;


export type AssignPasswordMutation = { assignPassword: { client: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type NotifyClientMutationVariables = Exact<{
  input: SendNotificationInput;
}>;


export type NotifyClientMutation = { sendNotification: { recipients: number, queued: number, delivered: number, skipped: Array<{ channel: Channel, reason: SkipReason, count: number }>, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type DeactivateClientMutationVariables = Exact<{
  input: ClientStatusInput;
}>;


export type DeactivateClientMutation = { deactivateClient: { client: { id: string, status: ClientStatus } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type ReactivateClientMutationVariables = Exact<{
  input: ClientStatusInput;
}>;


export type ReactivateClientMutation = { reactivateClient: { client: { id: string, status: ClientStatus } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type DisableClientMutationVariables = Exact<{
  input: ClientStatusInput;
}>;


export type DisableClientMutation = { disableClient: { client: { id: string, status: ClientStatus } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type EnableClientMutationVariables = Exact<{
  input: ClientStatusInput;
}>;


export type EnableClientMutation = { enableClient: { client: { id: string, status: ClientStatus } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type DeleteClientPermanentlyMutationVariables = Exact<{
  input: ClientStatusInput;
}>;


export type DeleteClientPermanentlyMutation = { deleteClientPermanently: { client: { id: string, status: ClientStatus } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type ClientNotesQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientNotesQuery = { client: { id: string, notes: { nodes: Array<{ id: string, body: string, authorName: string, createdAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientPointsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientPointsQuery = { client: { id: string, pointsHistory: { nodes: Array<{ id: string, amount: number, balanceAfter: number, reason: string, source: PointsSource, actorName: string, expiresAt: string | null, createdAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientPurchasesQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientPurchasesQuery = { client: { id: string, purchases: { nodes: Array<{ id: string, description: string, amount: string, currency: string, status: PurchaseStatus, valueDate: string, pointsEarned: number }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientOrdersQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientOrdersQuery = { client: { id: string, orders: { nodes: Array<{ id: string, externalId: string | null, status: OrderStatus, total: string, currency: string, orderedAt: string, items: Array<{ name: string, quantity: number, unitPrice: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientGiftListsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientGiftListsQuery = { client: { id: string, giftLists: { nodes: Array<{ id: string, name: string, eventDate: string | null, status: GiftListStatus, items: Array<{ name: string, quantity: number, link: string | null }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientBookingsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientBookingsQuery = { client: { id: string, bookings: { nodes: Array<{ id: string, activity: string, startsAt: string, status: BookingStatus }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientMembershipsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientMembershipsQuery = { client: { id: string, memberships: { nodes: Array<{ id: string, name: string, startsOn: string, endsOn: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientGiftCardsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientGiftCardsQuery = { client: { id: string, giftCards: { nodes: Array<{ id: string, code: string, amount: string, currency: string, expiresOn: string | null, createdAt: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientActivityQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientActivityQuery = { client: { id: string, activity: { nodes: Array<{ id: string, action: string, actorName: string, actorType: ActorType, createdAt: string, changes: Array<{ field: string, oldValue: unknown, newValue: unknown }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientNotificationsQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type ClientNotificationsQuery = { client: { id: string, notifications: { nodes: Array<{ id: string, type: NotificationType, channel: Channel, status: NotificationStatus, skipReason: SkipReason | null, toAddress: string | null, attempts: number, createdAt: string, sentAt: string | null, lastError: string | null }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type ClientListQueryVariables = Exact<{
  filter?: ClientFilterInput | null | undefined;
  first: number;
  after?: string | null | undefined;
  orderBy: ClientOrder;
}>;


export type ClientListQuery = { clients: { nodes: Array<{ id: string, firstName: string, lastName: string, email: string | null, phone: string | null, city: string | null, points: number, status: ClientStatus, registeredAt: string, level: { id: string, name: string } | null, tags: Array<{ id: string, name: string }> }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } | null };

export type ClientCountQueryVariables = Exact<{
  filter?: ClientFilterInput | null | undefined;
}>;


export type ClientCountQuery = { clients: { totalCount: number } | null };

export type TagNamesQueryVariables = Exact<{ [key: string]: never; }>;


export type TagNamesQuery = { tags: Array<{ id: string, name: string }> | null };

export type AddTagsMutationVariables = Exact<{
  input: ChangeTagsInput;
}>;


export type AddTagsMutation = { addTags: { changed: number, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type RemoveTagsMutationVariables = Exact<{
  input: ChangeTagsInput;
}>;


export type RemoveTagsMutation = { removeTags: { changed: number, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type CreateSegmentMutationVariables = Exact<{
  input: CreateSegmentInput;
}>;


export type CreateSegmentMutation = { createSegment: { segment: { id: string, name: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type SegmentsQueryVariables = Exact<{ [key: string]: never; }>;


export type SegmentsQuery = { segments: Array<{ id: string, name: string, createdAt: string, updatedAt: string }> | null };

export type SegmentDetailQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type SegmentDetailQuery = { segment: { id: string, name: string, filter: unknown, exportUrls: Array<string>, members: { nodes: Array<{ id: string, firstName: string, lastName: string, email: string | null, city: string | null, points: number, status: ClientStatus }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type SegmentCountQueryVariables = Exact<{
  id: string | number;
}>;


export type SegmentCountQuery = { segment: { id: string, count: number } | null };

export type RenameSegmentMutationVariables = Exact<{
  input: UpdateSegmentInput;
}>;


export type RenameSegmentMutation = { updateSegment: { segment: { id: string, name: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type DeleteSegmentMutationVariables = Exact<{
  input: DeleteSegmentInput;
}>;


export type DeleteSegmentMutation = { deleteSegment: { segment: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, prefix: string, scopes: Array<Permission>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> | null };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { secret: string | null, apiKey: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type RevokeApiKeyMutationVariables = Exact<{
  input: RevokeApiKeyInput;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { apiKey: { id: string, revokedAt: string | null } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type CreateLevelMutationVariables = Exact<{
  input: CreateLevelInput;
}>;


export type CreateLevelMutation = { createLevel: { level: { id: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type SetFieldLabelMutationVariables = Exact<{
  input: SetFieldLabelInput;
}>;


export type SetFieldLabelMutation = { setFieldLabel: { fieldLabel: { field: GenericField, label: string } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type UpdateOrganizationSettingsMutationVariables = Exact<{
  input: UpdateOrganizationSettingsInput;
}>;


export type UpdateOrganizationSettingsMutation = { updateOrganizationSettings: { organization: { id: string }, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type MergePreviewQueryVariables = Exact<{
  input: UnifyClientsInput;
}>;


export type MergePreviewQuery = { clientMergePreview: { values: unknown, dropped: unknown, newTags: number, pointsMoved: number, keepAccountOf: Keep | null, blockers: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } | null };

export type UnifyClientsMutationVariables = Exact<{
  input: UnifyClientsInput;
}>;


export type UnifyClientsMutation = { unifyClients: { client: { id: string, email: string | null, account: { email: string, verified: boolean } | null } | null, userErrors: Array<{ field: Array<string> | null, code: ErrorCode, message: string }> } };

export type PickClientQueryVariables = Exact<{
  search: string;
}>;


export type PickClientQuery = { clients: { nodes: Array<{ id: string, firstName: string, lastName: string, email: string | null, phone: string | null, city: string | null }> } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    organization {
      id
      name
      slug
      defaultLocale
      country
    }
    permissions
    staffUser {
      id
      name
      email
      role
    }
  }
  fieldLabels {
    field
    label
  }
  levels {
    id
    name
    threshold
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const StaffLogoutDocument = new TypedDocumentString(`
    mutation StaffLogout {
  staffLogout {
    revoked
    userErrors {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<StaffLogoutMutation, StaffLogoutMutationVariables>;
export const StaffLoginDocument = new TypedDocumentString(`
    mutation StaffLogin($input: StaffLoginInput!) {
  staffLogin(input: $input) {
    token
    expiresAt
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<StaffLoginMutation, StaffLoginMutationVariables>;
export const ClientCardDocument = new TypedDocumentString(`
    query ClientCard($id: ID!) {
  client(id: $id) {
    id
    firstName
    lastName
    email
    phone
    identificationType
    identificationNumber
    externalId
    gender
    city
    birthday
    locale
    points
    registeredAt
    registrationCode
    shareCode
    text1
    text2
    text3
    text4
    text5
    int1
    int2
    int3
    int4
    int5
    date1
    date2
    status
    levelSetManually
    createdAt
    updatedAt
    mergedFrom
    mergedInto
    level {
      id
      name
    }
    tags {
      id
      name
    }
    account {
      id
      email
      firstName
      lastName
      verified
      verifiedAt
      emailNotifications
      inAppNotifications
    }
    referredBy {
      id
      firstName
      lastName
    }
  }
}
    `) as unknown as TypedDocumentString<ClientCardQuery, ClientCardQueryVariables>;
export const UpdateClientDocument = new TypedDocumentString(`
    mutation UpdateClient($input: UpdateClientInput!) {
  updateClient(input: $input) {
    client {
      id
    }
    userErrors {
      field
      code
      message
      conflictingClientId
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateClientMutation, UpdateClientMutationVariables>;
export const CreateClientDocument = new TypedDocumentString(`
    mutation CreateClient($input: CreateClientInput!) {
  createClient(input: $input) {
    client {
      id
    }
    userErrors {
      field
      code
      message
      conflictingClientId
    }
  }
}
    `) as unknown as TypedDocumentString<CreateClientMutation, CreateClientMutationVariables>;
export const AddNoteDocument = new TypedDocumentString(`
    mutation AddNote($input: AddNoteInput!) {
  addNote(input: $input) {
    note {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AddNoteMutation, AddNoteMutationVariables>;
export const AddPointsDocument = new TypedDocumentString(`
    mutation AddPoints($input: AddPointsInput!) {
  addPoints(input: $input) {
    entry {
      id
      balanceAfter
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AddPointsMutation, AddPointsMutationVariables>;
export const ChangeLevelDocument = new TypedDocumentString(`
    mutation ChangeLevel($input: ChangeLevelInput!) {
  changeLevel(input: $input) {
    client {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ChangeLevelMutation, ChangeLevelMutationVariables>;
export const AddClientTagsDocument = new TypedDocumentString(`
    mutation AddClientTags($input: ChangeTagsInput!) {
  addTags(input: $input) {
    changed
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AddClientTagsMutation, AddClientTagsMutationVariables>;
export const RemoveClientTagsDocument = new TypedDocumentString(`
    mutation RemoveClientTags($input: ChangeTagsInput!) {
  removeTags(input: $input) {
    changed
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveClientTagsMutation, RemoveClientTagsMutationVariables>;
export const SendGiftDocument = new TypedDocumentString(`
    mutation SendGift($input: SendGiftInput!) {
  sendGift(input: $input) {
    client {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SendGiftMutation, SendGiftMutationVariables>;
export const MigrateClientEmailDocument = new TypedDocumentString(`
    mutation MigrateClientEmail($input: MigrateClientEmailInput!) {
  migrateClientEmail(input: $input) {
    client {
      id
      email
      account {
        email
        verified
      }
    }
    userErrors {
      field
      code
      message
      conflictingClientId
    }
  }
}
    `) as unknown as TypedDocumentString<MigrateClientEmailMutation, MigrateClientEmailMutationVariables>;
export const FixEmailAccessDocument = new TypedDocumentString(`
    mutation FixEmailAccess($input: ClientAccessInput!) {
  fixEmailAccess(input: $input) {
    action
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<FixEmailAccessMutation, FixEmailAccessMutationVariables>;
export const SendWelcomeEmailDocument = new TypedDocumentString(`
    mutation SendWelcomeEmail($input: ClientAccessInput!) {
  sendWelcomeEmail(input: $input) {
    client {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SendWelcomeEmailMutation, SendWelcomeEmailMutationVariables>;
export const SendPasswordSetupLinkDocument = new TypedDocumentString(`
    mutation SendPasswordSetupLink($input: ClientAccessInput!) {
  sendPasswordSetupLink(input: $input) {
    client {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SendPasswordSetupLinkMutation, SendPasswordSetupLinkMutationVariables>;
export const AssignPasswordDocument = new TypedDocumentString(`
    mutation AssignPassword($input: AssignPasswordInput!) {
  assignPassword(input: $input) {
    client {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AssignPasswordMutation, AssignPasswordMutationVariables>;
export const NotifyClientDocument = new TypedDocumentString(`
    mutation NotifyClient($input: SendNotificationInput!) {
  sendNotification(input: $input) {
    recipients
    queued
    delivered
    skipped {
      channel
      reason
      count
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<NotifyClientMutation, NotifyClientMutationVariables>;
export const DeactivateClientDocument = new TypedDocumentString(`
    mutation DeactivateClient($input: ClientStatusInput!) {
  deactivateClient(input: $input) {
    client {
      id
      status
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeactivateClientMutation, DeactivateClientMutationVariables>;
export const ReactivateClientDocument = new TypedDocumentString(`
    mutation ReactivateClient($input: ClientStatusInput!) {
  reactivateClient(input: $input) {
    client {
      id
      status
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ReactivateClientMutation, ReactivateClientMutationVariables>;
export const DisableClientDocument = new TypedDocumentString(`
    mutation DisableClient($input: ClientStatusInput!) {
  disableClient(input: $input) {
    client {
      id
      status
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DisableClientMutation, DisableClientMutationVariables>;
export const EnableClientDocument = new TypedDocumentString(`
    mutation EnableClient($input: ClientStatusInput!) {
  enableClient(input: $input) {
    client {
      id
      status
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<EnableClientMutation, EnableClientMutationVariables>;
export const DeleteClientPermanentlyDocument = new TypedDocumentString(`
    mutation DeleteClientPermanently($input: ClientStatusInput!) {
  deleteClientPermanently(input: $input) {
    client {
      id
      status
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteClientPermanentlyMutation, DeleteClientPermanentlyMutationVariables>;
export const ClientNotesDocument = new TypedDocumentString(`
    query ClientNotes($id: ID!, $after: String) {
  client(id: $id) {
    id
    notes(first: 20, after: $after) {
      nodes {
        id
        body
        authorName
        createdAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientNotesQuery, ClientNotesQueryVariables>;
export const ClientPointsDocument = new TypedDocumentString(`
    query ClientPoints($id: ID!, $after: String) {
  client(id: $id) {
    id
    pointsHistory(first: 20, after: $after) {
      nodes {
        id
        amount
        balanceAfter
        reason
        source
        actorName
        expiresAt
        createdAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientPointsQuery, ClientPointsQueryVariables>;
export const ClientPurchasesDocument = new TypedDocumentString(`
    query ClientPurchases($id: ID!, $after: String) {
  client(id: $id) {
    id
    purchases(first: 20, after: $after) {
      nodes {
        id
        description
        amount
        currency
        status
        valueDate
        pointsEarned
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientPurchasesQuery, ClientPurchasesQueryVariables>;
export const ClientOrdersDocument = new TypedDocumentString(`
    query ClientOrders($id: ID!, $after: String) {
  client(id: $id) {
    id
    orders(first: 20, after: $after) {
      nodes {
        id
        externalId
        status
        total
        currency
        orderedAt
        items {
          name
          quantity
          unitPrice
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientOrdersQuery, ClientOrdersQueryVariables>;
export const ClientGiftListsDocument = new TypedDocumentString(`
    query ClientGiftLists($id: ID!, $after: String) {
  client(id: $id) {
    id
    giftLists(first: 20, after: $after) {
      nodes {
        id
        name
        eventDate
        status
        items {
          name
          quantity
          link
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientGiftListsQuery, ClientGiftListsQueryVariables>;
export const ClientBookingsDocument = new TypedDocumentString(`
    query ClientBookings($id: ID!, $after: String) {
  client(id: $id) {
    id
    bookings(first: 20, after: $after) {
      nodes {
        id
        activity
        startsAt
        status
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientBookingsQuery, ClientBookingsQueryVariables>;
export const ClientMembershipsDocument = new TypedDocumentString(`
    query ClientMemberships($id: ID!, $after: String) {
  client(id: $id) {
    id
    memberships(first: 20, after: $after) {
      nodes {
        id
        name
        startsOn
        endsOn
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientMembershipsQuery, ClientMembershipsQueryVariables>;
export const ClientGiftCardsDocument = new TypedDocumentString(`
    query ClientGiftCards($id: ID!, $after: String) {
  client(id: $id) {
    id
    giftCards(first: 20, after: $after) {
      nodes {
        id
        code
        amount
        currency
        expiresOn
        createdAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientGiftCardsQuery, ClientGiftCardsQueryVariables>;
export const ClientActivityDocument = new TypedDocumentString(`
    query ClientActivity($id: ID!, $after: String) {
  client(id: $id) {
    id
    activity(first: 20, after: $after) {
      nodes {
        id
        action
        actorName
        actorType
        createdAt
        changes {
          field
          oldValue
          newValue
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientActivityQuery, ClientActivityQueryVariables>;
export const ClientNotificationsDocument = new TypedDocumentString(`
    query ClientNotifications($id: ID!, $after: String) {
  client(id: $id) {
    id
    notifications(first: 20, after: $after) {
      nodes {
        id
        type
        channel
        status
        skipReason
        toAddress
        attempts
        createdAt
        sentAt
        lastError
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ClientNotificationsQuery, ClientNotificationsQueryVariables>;
export const ClientListDocument = new TypedDocumentString(`
    query ClientList($filter: ClientFilterInput, $first: Int!, $after: String, $orderBy: ClientOrder!) {
  clients(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    nodes {
      id
      firstName
      lastName
      email
      phone
      city
      points
      status
      registeredAt
      level {
        id
        name
      }
      tags {
        id
        name
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ClientListQuery, ClientListQueryVariables>;
export const ClientCountDocument = new TypedDocumentString(`
    query ClientCount($filter: ClientFilterInput) {
  clients(filter: $filter, first: 0) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<ClientCountQuery, ClientCountQueryVariables>;
export const TagNamesDocument = new TypedDocumentString(`
    query TagNames {
  tags {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<TagNamesQuery, TagNamesQueryVariables>;
export const AddTagsDocument = new TypedDocumentString(`
    mutation AddTags($input: ChangeTagsInput!) {
  addTags(input: $input) {
    changed
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<AddTagsMutation, AddTagsMutationVariables>;
export const RemoveTagsDocument = new TypedDocumentString(`
    mutation RemoveTags($input: ChangeTagsInput!) {
  removeTags(input: $input) {
    changed
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveTagsMutation, RemoveTagsMutationVariables>;
export const CreateSegmentDocument = new TypedDocumentString(`
    mutation CreateSegment($input: CreateSegmentInput!) {
  createSegment(input: $input) {
    segment {
      id
      name
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CreateSegmentMutation, CreateSegmentMutationVariables>;
export const SegmentsDocument = new TypedDocumentString(`
    query Segments {
  segments {
    id
    name
    createdAt
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<SegmentsQuery, SegmentsQueryVariables>;
export const SegmentDetailDocument = new TypedDocumentString(`
    query SegmentDetail($id: ID!, $after: String) {
  segment(id: $id) {
    id
    name
    filter
    exportUrls
    members(first: 25, after: $after) {
      nodes {
        id
        firstName
        lastName
        email
        city
        points
        status
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SegmentDetailQuery, SegmentDetailQueryVariables>;
export const SegmentCountDocument = new TypedDocumentString(`
    query SegmentCount($id: ID!) {
  segment(id: $id) {
    id
    count
  }
}
    `) as unknown as TypedDocumentString<SegmentCountQuery, SegmentCountQueryVariables>;
export const RenameSegmentDocument = new TypedDocumentString(`
    mutation RenameSegment($input: UpdateSegmentInput!) {
  updateSegment(input: $input) {
    segment {
      id
      name
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RenameSegmentMutation, RenameSegmentMutationVariables>;
export const DeleteSegmentDocument = new TypedDocumentString(`
    mutation DeleteSegment($input: DeleteSegmentInput!) {
  deleteSegment(input: $input) {
    segment {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<DeleteSegmentMutation, DeleteSegmentMutationVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys {
  apiKeys {
    id
    name
    prefix
    scopes
    createdAt
    lastUsedAt
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    apiKey {
      id
    }
    secret
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($input: RevokeApiKeyInput!) {
  revokeApiKey(input: $input) {
    apiKey {
      id
      revokedAt
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const CreateLevelDocument = new TypedDocumentString(`
    mutation CreateLevel($input: CreateLevelInput!) {
  createLevel(input: $input) {
    level {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CreateLevelMutation, CreateLevelMutationVariables>;
export const SetFieldLabelDocument = new TypedDocumentString(`
    mutation SetFieldLabel($input: SetFieldLabelInput!) {
  setFieldLabel(input: $input) {
    fieldLabel {
      field
      label
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SetFieldLabelMutation, SetFieldLabelMutationVariables>;
export const UpdateOrganizationSettingsDocument = new TypedDocumentString(`
    mutation UpdateOrganizationSettings($input: UpdateOrganizationSettingsInput!) {
  updateOrganizationSettings(input: $input) {
    organization {
      id
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateOrganizationSettingsMutation, UpdateOrganizationSettingsMutationVariables>;
export const MergePreviewDocument = new TypedDocumentString(`
    query MergePreview($input: UnifyClientsInput!) {
  clientMergePreview(input: $input) {
    values
    dropped
    newTags
    pointsMoved
    keepAccountOf
    blockers {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<MergePreviewQuery, MergePreviewQueryVariables>;
export const UnifyClientsDocument = new TypedDocumentString(`
    mutation UnifyClients($input: UnifyClientsInput!) {
  unifyClients(input: $input) {
    client {
      id
      email
      account {
        email
        verified
      }
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<UnifyClientsMutation, UnifyClientsMutationVariables>;
export const PickClientDocument = new TypedDocumentString(`
    query PickClient($search: String!) {
  clients(filter: {search: $search}, first: 8) {
    nodes {
      id
      firstName
      lastName
      email
      phone
      city
    }
  }
}
    `) as unknown as TypedDocumentString<PickClientQuery, PickClientQueryVariables>;