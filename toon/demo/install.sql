-- Lupo demo install script (hand-maintained).
-- Creates the core, orchestration and ephemeral databases and their tables.
-- NOTE: lupo_actor_collections and lupo_permissions were added to the definitions
-- after this script was last updated, so `lupo diff` shows them as missing here.

SET NAMES utf8mb4;

CREATE DATABASE IF NOT EXISTS `lupo_demo_core` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE `lupo_demo_core`;

-- Extended profile data of an actor.
CREATE TABLE IF NOT EXISTS `lupo_actor_profiles` (
  `actor_profile_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Actor described',
  `bio` text COMMENT 'Free-form biography',
  `avatar_url` varchar(1024) COMMENT 'Avatar image location',
  `locale` varchar(16) NOT NULL DEFAULT 'en' COMMENT 'Preferred language',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`actor_profile_id`),
  UNIQUE KEY `uniq_actor_id` (`actor_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Extended profile data of an actor.';

-- Roles granted to actors.
CREATE TABLE IF NOT EXISTS `lupo_actor_roles` (
  `actor_role_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Actor',
  `role_id` bigint NOT NULL COMMENT 'Role (lupo_roles.role_id)',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`actor_role_id`),
  KEY `idx_role_id` (`role_id`),
  UNIQUE KEY `uniq_actor_role` (`actor_id`, `role_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Roles granted to actors.';

-- People, agents and services that act in the system.
CREATE TABLE IF NOT EXISTS `lupo_actors` (
  `actor_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_type` enum('user','agent','service') NOT NULL DEFAULT 'user' COMMENT 'Kind of actor',
  `display_name` varchar(255) NOT NULL COMMENT 'Name shown in the UI',
  `email` varchar(255) COMMENT 'Contact address (users only)',
  `status` enum('active','suspended','archived') NOT NULL DEFAULT 'active' COMMENT 'Account state',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`actor_id`),
  KEY `idx_actor_type` (`actor_type`),
  UNIQUE KEY `uniq_email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='People, agents and services that act in the system.';

-- API keys issued to services.
CREATE TABLE IF NOT EXISTS `lupo_api_keys` (
  `api_key_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Owning actor',
  `key_sha256` char(64) NOT NULL COMMENT 'SHA-256 of the key',
  `label` varchar(255) COMMENT 'Operator note',
  `last_used_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS of last use',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`api_key_id`),
  KEY `idx_actor_id` (`actor_id`),
  UNIQUE KEY `uniq_key_sha256` (`key_sha256`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='API keys issued to services.';

-- Security-relevant actions, for audits.
CREATE TABLE IF NOT EXISTS `lupo_audit_events` (
  `audit_event_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint COMMENT 'Who acted',
  `event_type` varchar(64) NOT NULL COMMENT 'What happened',
  `target_table` varchar(64) COMMENT 'Table touched',
  `target_id` bigint COMMENT 'Row touched',
  `details_json` json COMMENT 'Extra facts',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`audit_event_id`),
  KEY `idx_actor_id` (`actor_id`),
  KEY `idx_event_type` (`event_type`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Security-relevant actions, for audits.';

-- Actors subscribed to channels.
CREATE TABLE IF NOT EXISTS `lupo_channel_members` (
  `channel_member_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `channel_id` bigint NOT NULL COMMENT 'Channel',
  `actor_id` bigint NOT NULL COMMENT 'Member',
  `member_role` enum('reader','writer','owner') NOT NULL DEFAULT 'reader' COMMENT 'Member rights',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`channel_member_id`),
  KEY `idx_actor_id` (`actor_id`),
  UNIQUE KEY `uniq_channel_actor` (`channel_id`, `actor_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Actors subscribed to channels.';

-- Channels that group content.
CREATE TABLE IF NOT EXISTS `lupo_channels` (
  `channel_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `channel_key` varchar(64) NOT NULL COMMENT 'Stable channel id',
  `channel_name` varchar(255) NOT NULL COMMENT 'Display name',
  `description` text COMMENT 'What the channel is for',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`channel_id`),
  UNIQUE KEY `uniq_channel_key` (`channel_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Channels that group content.';

-- Comments on content.
CREATE TABLE IF NOT EXISTS `lupo_comments` (
  `comment_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `content_id` bigint NOT NULL COMMENT 'Content',
  `actor_id` bigint NOT NULL COMMENT 'Author',
  `parent_comment_id` bigint COMMENT 'Reply target',
  `body_text` text NOT NULL COMMENT 'Comment text',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`comment_id`),
  KEY `idx_content_id` (`content_id`),
  KEY `idx_actor_id` (`actor_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Comments on content.';

-- Media files attached to content.
CREATE TABLE IF NOT EXISTS `lupo_content_media` (
  `content_media_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `content_id` bigint NOT NULL COMMENT 'Content',
  `media_url` varchar(1024) NOT NULL COMMENT 'Where the file lives',
  `mime_type` varchar(127) NOT NULL COMMENT 'MIME type',
  `byte_size` bigint NOT NULL DEFAULT 0 COMMENT 'Size in bytes',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`content_media_id`),
  KEY `idx_content_id` (`content_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Media files attached to content.';

-- Saved revisions of content items.
CREATE TABLE IF NOT EXISTS `lupo_content_revisions` (
  `content_revision_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `content_id` bigint NOT NULL COMMENT 'Content revised',
  `revision_number` int NOT NULL COMMENT 'Sequence within the content',
  `body_markdown` longtext COMMENT 'Body at this revision',
  `actor_id` bigint NOT NULL COMMENT 'Who saved it',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`content_revision_id`),
  KEY `idx_content_id` (`content_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Saved revisions of content items.';

-- Tags attached to content items.
CREATE TABLE IF NOT EXISTS `lupo_content_tags` (
  `content_tag_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `content_id` bigint NOT NULL COMMENT 'Content',
  `tag_id` bigint NOT NULL COMMENT 'Tag',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`content_tag_id`),
  KEY `idx_tag_id` (`tag_id`),
  UNIQUE KEY `uniq_content_tag` (`content_id`, `tag_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Tags attached to content items.';

-- Published and draft content items.
CREATE TABLE IF NOT EXISTS `lupo_contents` (
  `content_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Author',
  `slug` varchar(191) NOT NULL COMMENT 'URL slug',
  `title` varchar(255) NOT NULL COMMENT 'Title',
  `body_markdown` longtext COMMENT 'Body in Markdown',
  `status` enum('draft','review','published','archived') NOT NULL DEFAULT 'draft' COMMENT 'Workflow state',
  `published_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when published',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`content_id`),
  KEY `idx_actor_id` (`actor_id`),
  KEY `idx_status` (`status`),
  UNIQUE KEY `uniq_slug` (`slug`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Published and draft content items.';

-- Uploaded documents and their metadata.
CREATE TABLE IF NOT EXISTS `lupo_documents` (
  `document_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Uploader',
  `file_name` varchar(255) NOT NULL COMMENT 'Original file name',
  `file_sha256` char(64) NOT NULL COMMENT 'Content hash',
  `byte_size` bigint NOT NULL DEFAULT 0 COMMENT 'Size in bytes',
  `score` decimal(10,4) NOT NULL DEFAULT 0.0000 COMMENT 'Relevance score',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`document_id`),
  KEY `idx_actor_id` (`actor_id`),
  UNIQUE KEY `uniq_file_sha256` (`file_sha256`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Uploaded documents and their metadata.';

-- Notifications delivered to actors.
CREATE TABLE IF NOT EXISTS `lupo_notifications` (
  `notification_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Recipient',
  `notification_type` varchar(64) NOT NULL COMMENT 'Kind',
  `payload_json` json COMMENT 'Details',
  `read_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when read',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`notification_id`),
  KEY `idx_actor_id` (`actor_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Notifications delivered to actors.';

-- Which permissions each role grants.
CREATE TABLE IF NOT EXISTS `lupo_role_permissions` (
  `role_permission_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `role_id` bigint NOT NULL COMMENT 'Role',
  `permission_id` bigint NOT NULL COMMENT 'Permission',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`role_permission_id`),
  KEY `idx_permission_id` (`permission_id`),
  UNIQUE KEY `uniq_role_permission` (`role_id`, `permission_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Which permissions each role grants.';

-- Named bundles of permissions.
CREATE TABLE IF NOT EXISTS `lupo_roles` (
  `role_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `role_key` varchar(64) NOT NULL COMMENT 'Stable role id',
  `role_name` varchar(255) NOT NULL COMMENT 'Display name',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`role_id`),
  UNIQUE KEY `uniq_role_key` (`role_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Named bundles of permissions.';

-- Search queries and their counts.
CREATE TABLE IF NOT EXISTS `lupo_search_terms` (
  `search_term_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `term_text` varchar(255) NOT NULL COMMENT 'Normalised query',
  `search_count` bigint NOT NULL DEFAULT 0 COMMENT 'Times searched',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`search_term_id`),
  UNIQUE KEY `uniq_term_text` (`term_text`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Search queries and their counts.';

-- Login sessions of actors.
CREATE TABLE IF NOT EXISTS `lupo_sessions` (
  `session_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Signed-in actor',
  `session_token_sha256` char(64) NOT NULL COMMENT 'SHA-256 of the session token',
  `ip_address` varchar(45) COMMENT 'Client address',
  `expires_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS expiry',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`session_id`),
  KEY `idx_actor_id` (`actor_id`),
  UNIQUE KEY `uniq_session_token_sha256` (`session_token_sha256`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Login sessions of actors.';

-- System-wide settings.
CREATE TABLE IF NOT EXISTS `lupo_settings` (
  `setting_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `setting_key` varchar(128) NOT NULL COMMENT 'Setting name',
  `setting_value` text COMMENT 'Value',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`setting_id`),
  UNIQUE KEY `uniq_setting_key` (`setting_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='System-wide settings.';

-- Free-form tags.
CREATE TABLE IF NOT EXISTS `lupo_tags` (
  `tag_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `tag_name` varchar(128) NOT NULL COMMENT 'Tag text',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`tag_id`),
  UNIQUE KEY `uniq_tag_name` (`tag_name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Free-form tags.';

CREATE DATABASE IF NOT EXISTS `lupo_demo_orchestration` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE `lupo_demo_orchestration`;

-- Lupopedia's orchestrator ledger (its 8 migration_* tables, as its .toon files declare them: no keys).
CREATE TABLE IF NOT EXISTS `migration_alerts` (
  `alert_id` bigint NOT NULL DEFAULT 0,
  `batch_id` bigint NOT NULL DEFAULT 0,
  `file_id` bigint NOT NULL DEFAULT 0,
  `alert_type` enum('error','warning','info','critical') NOT NULL,
  `alert_title` varchar(255) NOT NULL,
  `alert_message` text NOT NULL,
  `alert_status` enum('new','acknowledged','resolved','escalated') NOT NULL DEFAULT 'new',
  `escalation_level` int NOT NULL DEFAULT 0,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `migration_batches` (
  `batch_id` bigint NOT NULL DEFAULT 0,
  `batch_name` varchar(255) NOT NULL,
  `batch_status` enum('pending','running','completed','failed','rolled_back') NOT NULL DEFAULT 'pending',
  `epoch_from` bigint NOT NULL DEFAULT 0,
  `epoch_to` bigint NOT NULL DEFAULT 0,
  `total_files` int NOT NULL DEFAULT 0,
  `processed_files` int NOT NULL DEFAULT 0,
  `failed_files` int NOT NULL DEFAULT 0,
  `started_ymdhis` bigint NOT NULL DEFAULT 0,
  `completed_ymdhis` bigint NOT NULL DEFAULT 0,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `migration_dependencies` (
  `dependency_id` bigint NOT NULL DEFAULT 0,
  `file_id` bigint NOT NULL DEFAULT 0,
  `depends_on_file_id` bigint NOT NULL DEFAULT 0,
  `dependency_type` enum('required','optional','conflict') NOT NULL,
  `dependency_description` text NULL,
  `sort_order` int NOT NULL DEFAULT 0,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `migration_files` (
  `file_id` bigint NOT NULL DEFAULT 0,
  `batch_id` bigint NOT NULL DEFAULT 0,
  `file_path` varchar(512) NOT NULL,
  `file_type` enum('doctrine','module','agent','documentation') NOT NULL,
  `file_status` enum('pending','processing','completed','failed','rolled_back') NOT NULL DEFAULT 'pending',
  `file_hash` varchar(64) NULL,
  `epoch_from` bigint NOT NULL DEFAULT 0,
  `epoch_to` bigint NOT NULL DEFAULT 0,
  `processing_time_ms` int NOT NULL DEFAULT 0,
  `error_message` text NULL,
  `retry_count` int NOT NULL DEFAULT 0,
  `sort_order` int NOT NULL DEFAULT 0,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `migration_progress` (
  `progress_id` bigint NOT NULL DEFAULT 0,
  `batch_id` bigint NOT NULL DEFAULT 0,
  `current_phase` varchar(100) NOT NULL,
  `total_phases` int NOT NULL DEFAULT 0,
  `current_phase_index` int NOT NULL DEFAULT 0,
  `files_in_phase` int NOT NULL DEFAULT 0,
  `files_completed_in_phase` int NOT NULL DEFAULT 0,
  `percentage_complete` decimal(5,2) NOT NULL DEFAULT 0.00,
  `estimated_remaining_seconds` int NOT NULL DEFAULT 0,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `migration_rollback_log` (
  `rollback_id` bigint NOT NULL DEFAULT 0,
  `batch_id` bigint NOT NULL DEFAULT 0,
  `file_id` bigint NOT NULL DEFAULT 0,
  `rollback_classification` enum('A','B','C','D') NOT NULL,
  `rollback_reason` varchar(255) NOT NULL,
  `rollback_status` enum('pending','running','completed','failed') NOT NULL DEFAULT 'pending',
  `files_affected` int NOT NULL DEFAULT 0,
  `rollback_time_ms` int NOT NULL DEFAULT 0,
  `error_message` text NULL,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `migration_system_state` (
  `state_id` bigint NOT NULL DEFAULT 0,
  `batch_id` bigint NOT NULL DEFAULT 0,
  `system_status` enum('normal','frozen','thawing','emergency') NOT NULL DEFAULT 'normal',
  `freeze_reason` varchar(255) NULL,
  `affected_components` json NULL,
  `user_message` text NULL,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `migration_validation_log` (
  `validation_id` bigint NOT NULL DEFAULT 0,
  `batch_id` bigint NOT NULL DEFAULT 0,
  `file_id` bigint NOT NULL DEFAULT 0,
  `validation_phase` enum('pre','during','post') NOT NULL,
  `validation_type` varchar(100) NOT NULL,
  `validation_status` enum('passed','failed','warning') NOT NULL,
  `validation_result` text NULL,
  `execution_time_ms` int NOT NULL DEFAULT 0,
  `properties` json NULL,
  `created_ymdhis` bigint NOT NULL DEFAULT 0,
  `updated_ymdhis` bigint NOT NULL DEFAULT 0,
  `is_deleted` tinyint(1) NOT NULL DEFAULT 0,
  `deleted_ymdhis` bigint NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE DATABASE IF NOT EXISTS `lupo_demo_ephemeral` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE `lupo_demo_ephemeral`;

-- Key/value cache; safe to truncate.
CREATE TABLE IF NOT EXISTS `lupo_cache_entries` (
  `cache_entry_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `cache_key` varchar(191) NOT NULL COMMENT 'Cache key',
  `cache_value` mediumblob COMMENT 'Cached bytes',
  `expires_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS expiry',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`cache_entry_id`),
  KEY `idx_expires_ymdhis` (`expires_ymdhis`),
  UNIQUE KEY `uniq_cache_key` (`cache_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Key/value cache; safe to truncate.';

-- Background jobs waiting to run.
CREATE TABLE IF NOT EXISTS `lupo_job_queue` (
  `job_queue_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `job_type` varchar(64) NOT NULL COMMENT 'Handler name',
  `payload_json` json COMMENT 'Arguments',
  `status` enum('queued','running','done','failed') NOT NULL DEFAULT 'queued' COMMENT 'Job state',
  `attempts` int NOT NULL DEFAULT 0 COMMENT 'Tries so far',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`job_queue_id`),
  KEY `idx_status` (`status`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Background jobs waiting to run.';

-- Request counters per actor and window.
CREATE TABLE IF NOT EXISTS `lupo_rate_limits` (
  `rate_limit_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `actor_id` bigint NOT NULL COMMENT 'Actor',
  `window_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS window start',
  `request_count` int NOT NULL DEFAULT 0 COMMENT 'Requests in the window',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`rate_limit_id`),
  UNIQUE KEY `uniq_actor_window` (`actor_id`, `window_ymdhis`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Request counters per actor and window.';

INSERT INTO `lupo_demo_core`.`lupo_settings` (`setting_id`, `setting_key`, `setting_value`, `created_ymdhis`, `updated_ymdhis`, `is_deleted`, `deleted_ymdhis`) VALUES
  (1, 'site_name', 'Lupo Demo', 20260101000000, 20260101000000, 0, NULL);
