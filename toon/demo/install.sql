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

-- Alerts raised by migration runs (error/warning/critical) and their acknowledgement and resolution.
CREATE TABLE IF NOT EXISTS `migration_alerts` (
  `migration_alert_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `migration_batch_id` bigint COMMENT 'Batch that raised the alert',
  `alert_level` enum('warning','error','critical') NOT NULL COMMENT 'Severity',
  `alert_code` varchar(128) NOT NULL COMMENT 'Stable alert id',
  `message` text NOT NULL COMMENT 'What happened and what to do',
  `is_acknowledged` tinyint NOT NULL DEFAULT 0 COMMENT '1 = an operator acknowledged it',
  `acknowledged_by` varchar(255) COMMENT 'Who acknowledged it',
  `acknowledged_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when acknowledged',
  `is_resolved` tinyint NOT NULL DEFAULT 0 COMMENT '1 = resolved',
  `resolved_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when resolved',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_alert_id`),
  KEY `idx_migration_batch_id` (`migration_batch_id`),
  KEY `idx_level_resolved` (`alert_level`, `is_resolved`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Alerts raised by migration runs (error/warning/critical) and their acknowledgement and resolution.';

-- One migration run (apply or rollback) against a target database: status, epochs, file counts and timing.
CREATE TABLE IF NOT EXISTS `migration_batches` (
  `migration_batch_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `batch_key` varchar(64) NOT NULL COMMENT 'Stable run identifier (UUID) shown to operators',
  `target_database` varchar(64) NOT NULL COMMENT 'Database the batch ran against',
  `batch_kind` enum('apply','rollback','rehearsal') NOT NULL DEFAULT 'apply' COMMENT 'What the batch did',
  `status` enum('pending','running','completed','failed','rolled_back','abandoned') NOT NULL DEFAULT 'pending' COMMENT 'Batch lifecycle state',
  `epoch_start` bigint NOT NULL DEFAULT 0 COMMENT 'Schema epoch before the batch',
  `epoch_end` bigint COMMENT 'Schema epoch after the batch',
  `files_total` int NOT NULL DEFAULT 0 COMMENT 'Files in the batch',
  `files_completed` int NOT NULL DEFAULT 0 COMMENT 'Files applied successfully',
  `files_failed` int NOT NULL DEFAULT 0 COMMENT 'Files that failed',
  `operator_name` varchar(255) COMMENT 'Who started the batch',
  `host_name` varchar(255) COMMENT 'Machine that ran the batch',
  `started_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when execution started',
  `ended_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when execution ended',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_batch_id`),
  KEY `idx_status` (`status`),
  KEY `idx_target_database` (`target_database`),
  UNIQUE KEY `uniq_batch_key` (`batch_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='One migration run (apply or rollback) against a target database: status, epochs, file counts and timing.';

-- Ordering constraints between migration files: required, optional or conflicting.
CREATE TABLE IF NOT EXISTS `migration_dependencies` (
  `migration_dependency_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `file_path` varchar(1024) NOT NULL COMMENT 'The dependent migration file',
  `depends_on_file_path` varchar(1024) NOT NULL COMMENT 'The file it depends on',
  `dependency_type` enum('required','optional','conflict') NOT NULL DEFAULT 'required' COMMENT 'Kind of dependency',
  `notes` text COMMENT 'Why the dependency exists',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_dependency_id`),
  KEY `idx_file_path` (`file_path`(191)),
  KEY `idx_depends_on_file_path` (`depends_on_file_path`(191))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Ordering constraints between migration files: required, optional or conflicting.';

-- Each migration file of a batch: path, checksum, status, timing, error and retries, in execution order.
CREATE TABLE IF NOT EXISTS `migration_files` (
  `migration_file_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `migration_batch_id` bigint NOT NULL COMMENT 'Batch this file ran in (migration_batches.migration_batch_id)',
  `file_path` varchar(1024) NOT NULL COMMENT 'Path of the migration file relative to the workspace',
  `file_sha256` char(64) NOT NULL COMMENT 'SHA-256 of the file contents (hex)',
  `execution_order` int NOT NULL DEFAULT 0 COMMENT 'Position of the file within its batch',
  `status` enum('pending','running','applied','failed','skipped','rolled_back') NOT NULL DEFAULT 'pending' COMMENT 'File state',
  `statements_total` int NOT NULL DEFAULT 0 COMMENT 'Statements in the file',
  `statements_applied` int NOT NULL DEFAULT 0 COMMENT 'Statements that took effect',
  `started_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when the file started',
  `ended_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when the file ended',
  `duration_ms` bigint COMMENT 'Execution time in milliseconds',
  `error_code` int COMMENT 'Server error number of the failure',
  `error_message` text COMMENT 'Server error text and failing statement position',
  `retry_count` int NOT NULL DEFAULT 0 COMMENT 'How many times the file was retried',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_file_id`),
  KEY `idx_migration_batch_id` (`migration_batch_id`),
  KEY `idx_file_sha256` (`file_sha256`),
  KEY `idx_status` (`status`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Each migration file of a batch: path, checksum, status, timing, error and retries, in execution order.';

-- Live progress of a running batch: phase, counts, percentage and estimated completion.
CREATE TABLE IF NOT EXISTS `migration_progress` (
  `migration_progress_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `migration_batch_id` bigint NOT NULL COMMENT 'Batch in progress',
  `phase` enum('plan','validate','rehearse','execute','verify','rollback') NOT NULL COMMENT 'Current phase',
  `items_total` int NOT NULL DEFAULT 0 COMMENT 'Steps in this phase',
  `items_done` int NOT NULL DEFAULT 0 COMMENT 'Steps finished',
  `percentage` decimal(5,2) NOT NULL DEFAULT 0.00 COMMENT 'Completion 0-100',
  `eta_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS estimated completion',
  `current_item` varchar(1024) COMMENT 'What is running now',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_progress_id`),
  KEY `idx_migration_batch_id` (`migration_batch_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Live progress of a running batch: phase, counts, percentage and estimated completion.';

-- Rollback runs: what was rolled back, how it was classified, why, and how it ended.
CREATE TABLE IF NOT EXISTS `migration_rollback_log` (
  `migration_rollback_log_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `migration_batch_id` bigint NOT NULL COMMENT 'Batch being rolled back',
  `rollback_batch_id` bigint COMMENT 'Batch that performed the rollback',
  `classification` enum('authored','generated','partial','manual') NOT NULL COMMENT 'Where the down statements came from',
  `reason` text NOT NULL COMMENT 'Why the rollback was started',
  `status` enum('pending','running','completed','failed') NOT NULL DEFAULT 'pending' COMMENT 'Rollback state',
  `data_loss_warning` tinyint NOT NULL DEFAULT 0 COMMENT '1 = dropped objects held rows',
  `backup_path` varchar(1024) COMMENT 'Where the backup of dropped objects was written',
  `started_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when the rollback started',
  `ended_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when the rollback ended',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_rollback_log_id`),
  KEY `idx_migration_batch_id` (`migration_batch_id`),
  KEY `idx_status` (`status`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Rollback runs: what was rolled back, how it was classified, why, and how it ended.';

-- The migration system's state per target database (normal/frozen/thawing/emergency) and why.
CREATE TABLE IF NOT EXISTS `migration_system_state` (
  `migration_system_state_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `target_database` varchar(64) NOT NULL COMMENT 'Database this state applies to',
  `state` enum('normal','frozen','thawing','emergency') NOT NULL DEFAULT 'normal' COMMENT 'Current state',
  `reason` text COMMENT 'Why the state was entered',
  `changed_by` varchar(255) COMMENT 'Who changed the state',
  `changed_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when the state changed',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_system_state_id`),
  UNIQUE KEY `uniq_target_database` (`target_database`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='The migration system''s state per target database (normal/frozen/thawing/emergency) and why.';

-- Validation checks run before, during and after a batch, with their results.
CREATE TABLE IF NOT EXISTS `migration_validation_log` (
  `migration_validation_log_id` bigint NOT NULL auto_increment COMMENT 'Primary key',
  `migration_batch_id` bigint NOT NULL COMMENT 'Batch validated',
  `migration_file_id` bigint COMMENT 'File validated, when the check is per file',
  `phase` enum('pre','during','post') NOT NULL COMMENT 'When the check ran',
  `check_name` varchar(128) NOT NULL COMMENT 'Check id, e.g. checksum, doctrine rule id, verify',
  `result` enum('pass','fail','warning','skipped') NOT NULL COMMENT 'Outcome of the check',
  `details` text COMMENT 'What was found',
  `checked_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when the check ran',
  `created_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when created',
  `updated_ymdhis` bigint NOT NULL COMMENT 'UTC YYYYMMDDHHMMSS when last updated',
  `is_deleted` tinyint NOT NULL DEFAULT 0 COMMENT '1 = deleted, 0 = active',
  `deleted_ymdhis` bigint COMMENT 'UTC YYYYMMDDHHMMSS when deleted',
  PRIMARY KEY (`migration_validation_log_id`),
  KEY `idx_migration_batch_id` (`migration_batch_id`),
  KEY `idx_phase_result` (`phase`, `result`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='Validation checks run before, during and after a batch, with their results.';

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
