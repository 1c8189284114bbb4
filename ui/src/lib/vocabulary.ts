// Generated from the core's types by src-tauri/src/bindings.rs. Do not edit:
// change the Rust types or their labels and run
// `UPDATE_BINDINGS=1 cargo test -p dossier-app bindings`.

export const ROLES = ["lender", "agency", "collector", "debtor", "guarantor", "spouse", "family", "friend", "colleague", "employer", "other"] as const;
export type Role = (typeof ROLES)[number];

export const KINDS = ["image", "audio", "video", "document", "text", "other"] as const;
export type Kind = (typeof KINDS)[number];

export const DIRECTIONS = ["in", "out", "missed", "rejected", "blocked", "voicemail"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CAPTURE_BASES = ["exif", "media", "file_modified", "import_time", "stated", "message"] as const;
export type CaptureBasis = (typeof CAPTURE_BASES)[number];

export const LABEL_BASES = ["user", "signature", "caller", "regulator"] as const;
export type LabelBasis = (typeof LABEL_BASES)[number];

export const CHANNELS = ["call", "sms", "mms", "chat", "message", "visit", "letter", "post", "other"] as const;
export type Channel = (typeof CHANNELS)[number];

export const NOTED_CHANNELS = ["call", "message", "visit", "letter", "post", "other"] as const;
export type NotedChannel = (typeof NOTED_CHANNELS)[number];

export const JURISDICTIONS = ["cn", "us"] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const DOSSIER_LANGS = ["zh", "en"] as const;
export type DossierLang = (typeof DOSSIER_LANGS)[number];

export const ANNOTATION_KINDS = ["note", "tag"] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export const WORDS_ZH = {
  "role.lender": "贷款机构",
  "role.agency": "催收机构",
  "role.collector": "催收人员",
  "role.debtor": "债务人",
  "role.guarantor": "担保人",
  "role.spouse": "配偶",
  "role.family": "家人",
  "role.friend": "朋友",
  "role.colleague": "同事",
  "role.employer": "工作单位",
  "role.other": "其他人",
  "kind.image": "图片",
  "kind.audio": "录音",
  "kind.video": "视频",
  "kind.document": "文档",
  "kind.text": "文本",
  "kind.other": "其他",
  "direction.in": "呼入/收到",
  "direction.out": "呼出/发出",
  "direction.missed": "未接",
  "direction.rejected": "拒接",
  "direction.blocked": "已拦截",
  "direction.voicemail": "语音信箱",
  "basis.exif": "照片 EXIF 拍摄时间",
  "basis.media": "录音/视频文件内记录的时间",
  "basis.file_modified": "文件修改时间",
  "basis.import_time": "导入时间（未找到更早的时间）",
  "basis.stated": "提供人陈述的时间",
  "basis.message": "所属消息的时间",
  "basis.user": "用户自述",
  "basis.signature": "该号码短信的【】签名",
  "basis.caller": "对方自称",
  "basis.regulator": "监管或出借方的书面答复",
  "channel.call": "电话",
  "channel.sms": "短信",
  "channel.mms": "彩信",
  "channel.chat": "聊天消息",
  "channel.message": "消息",
  "channel.visit": "上门",
  "channel.letter": "信件",
  "channel.post": "帖子",
  "channel.other": "其他",
} as const;

export const WORDS_EN = {
  "role.lender": "lender",
  "role.agency": "collection agency",
  "role.collector": "collector",
  "role.debtor": "debtor",
  "role.guarantor": "guarantor",
  "role.spouse": "spouse",
  "role.family": "family",
  "role.friend": "friend",
  "role.colleague": "colleague",
  "role.employer": "employer",
  "role.other": "other",
  "kind.image": "image",
  "kind.audio": "recording",
  "kind.video": "video",
  "kind.document": "document",
  "kind.text": "text",
  "kind.other": "other",
  "direction.in": "incoming",
  "direction.out": "outgoing",
  "direction.missed": "missed",
  "direction.rejected": "rejected",
  "direction.blocked": "blocked",
  "direction.voicemail": "voicemail",
  "basis.exif": "EXIF DateTimeOriginal",
  "basis.media": "recording date in the file",
  "basis.file_modified": "file modification time",
  "basis.import_time": "time of import (no earlier time found)",
  "basis.stated": "stated by the contributor",
  "basis.message": "time of the message it came in",
  "basis.user": "stated by the user",
  "basis.signature": "the 【】 signature of its SMS",
  "basis.caller": "the caller's own words",
  "basis.regulator": "a regulator's or the lender's written reply",
  "channel.call": "call",
  "channel.sms": "SMS",
  "channel.mms": "MMS",
  "channel.chat": "chat message",
  "channel.message": "message",
  "channel.visit": "visit",
  "channel.letter": "letter",
  "channel.post": "post",
  "channel.other": "other",
} as const;
