using System;
using System.Linq;
using System.Threading.Tasks;
using Ddm.Client.Tests.Full;

namespace Ddm.Client.Tests.EndToEnd;

/// <summary>
/// Every operation of tests/Specs/ddm-v3-full.yaml called through its generated client against the emulator over
/// loopback: each answers as the reference documents it, and each one's documented error is the client's exception.
/// </summary>
public sealed class FullApiTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;

    public FullApiTests(EmulatorFixture fixture) => _fixture = fixture;

    private DdmFullClient Client(string? token = null) => new(_fixture.Http, new DdmFullClientOptions
    {
        Endpoint = _fixture.Emulator.BaseAddress,
        ProjectId = _fixture.Emulator.Options.ProjectId,
        Credential = DdmFullCredential.FromToken(token ?? _fixture.Emulator.Options.Token),
    });

    private string Instance(int index) => _fixture.Emulator.InstanceIds[index];

    /// <summary>A <c>normal</c> backup of the instance, found through the full client's own listing.</summary>
    private Full.BackupInfo NormalBackupOf(string instanceId) =>
        Client().ListBackupsAutoPaging(limit: 128).First(backup => backup.InstanceId == instanceId && backup.Status == Full.BackupStatus.Normal);

    /// <summary>Thirty minutes into the instance's first restorable interval, in epoch milliseconds.</summary>
    private async Task<long> RestorableTimeOf(string instanceId) =>
        (await Client().ListRestorableTimeIntervalsAsync(instanceId)).Value.RestorableTimeIntervals[0].StartTime.AddMinutes(30).ToUnixTimeMilliseconds();

    private static void AssertParameterError(DdmFullApiException exception) =>
        Assert.Equal((400, "DBS.280001", "Parameter error."), (exception.Status, exception.ErrorCode, exception.ErrorMessage));

    [Fact]
    public async Task Listing_backups_pages_and_a_token_the_gateway_does_not_know_is_its_401()
    {
        var page = (await Client().ListBackupsAsync(offset: 1, limit: 3)).Value;
        var refused = await Assert.ThrowsAsync<DdmFullApiException>(() => Client("not-a-token").ListBackupsAsync());

        // Another test of the class deletes a backup, so the total is the fixture's or one less.
        Assert.Equal((1, 3, 3), (page.Offset, page.Limit, page.Backups.Count));
        Assert.InRange(page.Total, _fixture.Listed - 1, _fixture.Listed);
        Assert.Equal((401, "APIG.0301"), (refused.Status, refused.ErrorCode));
        Assert.Matches("^[0-9a-f]{32}$", refused.RequestId);
    }

    [Fact]
    public async Task Listing_restorable_time_intervals_answers_and_an_unknown_instance_is_the_parameter_error()
    {
        var page = (await Client().ListRestorableTimeIntervalsAsync(Instance(0))).Value;

        Assert.NotEmpty(page.RestorableTimeIntervals);
        Assert.All(page.RestorableTimeIntervals, interval => Assert.True(interval.StartTime < interval.EndTime));
        AssertParameterError(await Assert.ThrowsAsync<DdmFullApiException>(() => Client().ListRestorableTimeIntervalsAsync("unknown")));
    }

    [Fact]
    public async Task Deleting_a_backup_is_a_job_and_deleting_it_again_is_the_parameter_error()
    {
        var victim = (await Client().ListBackupsAsync(offset: 700, limit: 1)).Value.Backups.Single();

        var accepted = await Client().DeleteBackupAsync(victim.Id);
        var job = (await Client().ShowJobAsync(accepted.Value.JobId)).Value.Job;

        Assert.Equal(202, accepted.GetRawResponse().Status);
        Assert.Equal(("DELETE_BACKUP", victim.InstanceId), (job.Name, job.Instance!.Id));
        AssertParameterError(await Assert.ThrowsAsync<DdmFullApiException>(() => Client().DeleteBackupAsync(victim.Id)));
    }

    [Fact]
    public async Task Showing_a_backup_reads_its_details_and_data_nodes_and_one_of_another_instance_is_the_parameter_error()
    {
        var listed = NormalBackupOf(Instance(0));

        var details = (await Client().ShowBackupAsync(Instance(0), listed.Id)).Value;

        Assert.Equal((listed.Id, listed.Status, listed.InstanceId, listed.Created), (details.Id, details.Status, details.InstanceId, details.Created));
        Assert.Equal(2, details.RelatedDataNodes!.Count);
        Assert.All(details.RelatedDataNodes, node => Assert.False(string.IsNullOrEmpty(node.InstanceName)));
        AssertParameterError(await Assert.ThrowsAsync<DdmFullApiException>(() => Client().ShowBackupAsync(Instance(1), listed.Id)));
    }

    [Fact]
    public async Task Restorable_instances_are_the_other_instances_and_an_unknown_instance_is_the_parameter_error()
    {
        var all = Client().ListRestorableInstancesAutoPaging(Instance(0), limit: 1).ToList();
        var page = (await Client().ListRestorableInstancesAsync(Instance(0))).Value;

        Assert.Equal(new[] { Instance(1), Instance(2) }, all.Select(instance => instance.Id));
        Assert.Equal(2, page.Total);
        Assert.All(all, instance => Assert.Equal(Full.InstanceStatus.Running, instance.Status));
        AssertParameterError(await Assert.ThrowsAsync<DdmFullApiException>(() => Client().ListRestorableInstancesAsync("unknown")));
    }

    [Fact]
    public async Task Related_data_nodes_of_a_restorable_time_page_and_a_time_outside_every_interval_is_the_parameter_error()
    {
        var time = await RestorableTimeOf(Instance(0));
        var intervals = (await Client().ListRestorableTimeIntervalsAsync(Instance(0))).Value.RestorableTimeIntervals;

        var nodes = Client().ListRelatedDataNodesAutoPaging(Instance(0), time, limit: 1).ToList();
        var page = (await Client().ListRelatedDataNodesAsync(Instance(0), time)).Value;
        var details = (await Client().ShowBackupAsync(Instance(0), NormalBackupOf(Instance(0)).Id)).Value;

        Assert.Equal(details.RelatedDataNodes!.Select(node => node.InstanceId), nodes.Select(node => node.InstanceId));
        Assert.Equal(intervals[^1].EndTime.ToUnixTimeMilliseconds(), page.LatestRestorableTime);
        AssertParameterError(await Assert.ThrowsAsync<DdmFullApiException>(() => Client().ListRelatedDataNodesAsync(Instance(0), 0)));
    }

    [Fact]
    public async Task Restoring_to_a_new_instance_is_a_job_on_the_target_and_the_source_as_target_is_the_parameter_error()
    {
        var time = await RestorableTimeOf(Instance(0));
        RecoveryRequest Request(string target) => new()
        {
            Source = new RecoveryRequestSource { InstanceId = Instance(0), RestoreTime = time },
            Target = new RecoveryRequestTarget { InstanceId = target },
        };

        var accepted = await Client().RestoreToNewInstanceAsync(Instance(0), Request(Instance(2)));
        var job = (await Client().ShowJobAsync(accepted.Value.JobId)).Value.Job;

        Assert.Equal(202, accepted.GetRawResponse().Status);
        Assert.Equal(("RESTORE_DDM_INSTANCE", Instance(2)), (job.Name, job.Instance!.Id));
        AssertParameterError(await Assert.ThrowsAsync<DdmFullApiException>(() => Client().RestoreToNewInstanceAsync(Instance(0), Request(Instance(0)))));
    }

    [Fact]
    public async Task Restoring_metadata_from_a_backup_or_a_point_in_time_is_a_job_and_a_backup_of_another_instance_is_the_parameter_error()
    {
        var backup = NormalBackupOf(Instance(0));
        var time = await RestorableTimeOf(Instance(0));
        var target = new MetadataRecoveryRequestTarget { InstanceId = Instance(1), DataNodes = ["n1"] };

        var fromBackup = await Client().RestoreMetadataAsync(Instance(0), new MetadataRecoveryRequest { Source = new MetadataRecoveryRequestSource { BackupId = backup.Id }, Target = target });
        var fromTime = Client().RestoreMetadata(Instance(0), new MetadataRecoveryRequest { Source = new MetadataRecoveryRequestSource { RestoreTime = time }, Target = target });
        var job = (await Client().ShowJobAsync(fromTime.Value.JobId)).Value.Job;

        Assert.Equal((202, 202), (fromBackup.GetRawResponse().Status, fromTime.GetRawResponse().Status));
        Assert.NotEqual(fromBackup.Value.JobId, fromTime.Value.JobId);
        Assert.Equal(("RESTORE_METADATA", Instance(1)), (job.Name, job.Instance!.Id));
        AssertParameterError(await Assert.ThrowsAsync<DdmFullApiException>(() => Client().RestoreMetadataAsync(
            Instance(1),
            new MetadataRecoveryRequest { Source = new MetadataRecoveryRequestSource { BackupId = backup.Id }, Target = target })));
    }

    [Fact]
    public async Task An_unknown_job_is_the_documented_task_not_found()
    {
        var exception = await Assert.ThrowsAsync<DdmFullApiException>(() => Client().ShowJobAsync("no-such-job"));

        Assert.Equal((400, "DBS.300400", "The task is not found."), (exception.Status, exception.ErrorCode, exception.ErrorMessage));
    }

    [Fact]
    public void The_full_spec_gives_an_unknown_job_the_status_of_the_references_table_and_no_other()
    {
        // The spec listed 404 beside 400 for showJob, where the reference's table of error codes gives the task that is
        // not found (DBS.300400) HTTP 400 only, as the emulator answers it (the test above).
        var root = new System.IO.DirectoryInfo(AppContext.BaseDirectory);
        while (!System.IO.File.Exists(System.IO.Path.Combine(root.FullName, "DdmGen.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("The repository root (DdmGen.sln) was not found above " + AppContext.BaseDirectory);
        }

        var spec = System.IO.File.ReadAllText(System.IO.Path.Combine(root.FullName, "tests", "Specs", "ddm-v3-full.yaml")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = spec.IndexOf("      operationId: showJob\n", StringComparison.Ordinal);
        var operation = spec[start..spec.IndexOf("\ncomponents:\n", start, StringComparison.Ordinal)];
        var statuses = System.Text.RegularExpressions.Regex.Matches(operation, "^        \"([0-9]{3})\":", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value);

        Assert.Equal(new[] { "200", "400", "401", "403", "500" }, statuses);
        Assert.Contains("errCode: DBS.300400", operation, StringComparison.Ordinal);
    }
}
