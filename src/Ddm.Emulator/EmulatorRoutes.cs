namespace Ddm.Emulator;

/// <summary>
/// The emulator's route names: method and route template, as <see cref="EmulatorStatistics.ByRoute"/> counts them
/// and as <see cref="FaultRule.Route"/> targets them.
/// </summary>
public static class EmulatorRoutes
{
    /// <summary><c>GET /</c>: the API versions (v3 current, v1 deprecated); needs no token.</summary>
    public const string ListVersions = "GET /";

    /// <summary><c>GET /v3/{project_id}/backups</c>: Querying Backups.</summary>
    public const string ListBackups = "GET /v3/{project_id}/backups";

    /// <summary><c>DELETE /v3/{project_id}/backups/{backup_id}</c>: deleting a backup.</summary>
    public const string DeleteBackup = "DELETE /v3/{project_id}/backups/{backup_id}";

    /// <summary><c>GET /v3/{project_id}/instances/{instance_id}/backups/restorable-time-interval</c>.</summary>
    public const string ListRestorableTimeIntervals = "GET /v3/{project_id}/instances/{instance_id}/backups/restorable-time-interval";

    /// <summary><c>POST /v3/{project_id}/instances/{instance_id}/backups/recovery</c>: restoring to an instance.</summary>
    public const string Restore = "POST /v3/{project_id}/instances/{instance_id}/backups/recovery";

    /// <summary><c>GET /v3/{project_id}/jobs/{job_id}</c>: a job.</summary>
    public const string ShowJob = "GET /v3/{project_id}/jobs/{job_id}";

    /// <summary><c>GET /v3/{project_id}/instances/{instance_id}/backups/{backup_id}</c>: a backup's details.</summary>
    public const string ShowBackup = "GET /v3/{project_id}/instances/{instance_id}/backups/{backup_id}";

    /// <summary><c>GET /v3/{project_id}/instances/{instance_id}/backups/restorable-instances</c>: instances to restore to.</summary>
    public const string ListRestorableInstances = "GET /v3/{project_id}/instances/{instance_id}/backups/restorable-instances";

    /// <summary><c>GET /v3/{project_id}/instances/{instance_id}/backups/related-dn</c>: the data nodes of a point in time.</summary>
    public const string ListRelatedDataNodes = "GET /v3/{project_id}/instances/{instance_id}/backups/related-dn";

    /// <summary><c>POST /v3/{project_id}/instances/{instance_id}/backups/metadata-recovery</c>: restoring metadata.</summary>
    public const string RestoreMetadata = "POST /v3/{project_id}/instances/{instance_id}/backups/metadata-recovery";

    /// <summary><c>POST /v3/auth/tokens</c>: IAM password authentication. Faults reach it only when a rule names it.</summary>
    public const string IssueToken = "POST /v3/auth/tokens";
}
