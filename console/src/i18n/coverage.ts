// Compile-time checks: every API error code and enum value the console shows has a message.
import type { ClientStatus, ErrorCode, NotificationType, Permission, SkipReason } from '../gql/graphql';
import type { MessageKey } from './en';

type Missing<Prefix extends string, Values extends string> = Exclude<`${Prefix}.${Values}`, MessageKey>;
type AssertNone<T extends never> = T;

export type ErrorCodesCovered = AssertNone<Missing<'error', ErrorCode>>;
export type StatusesCovered = AssertNone<Missing<'status', ClientStatus>>;
export type NotificationTypesCovered = AssertNone<Missing<'notificationType', NotificationType>>;
export type PermissionsCovered = AssertNone<Missing<'permission', Permission>>;
export type SkipReasonsCovered = AssertNone<Missing<'skipReason', SkipReason>>;
