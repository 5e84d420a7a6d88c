using System;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace Ddm.Client.Tests.InstanceApi;

// Inside the namespace, so that the generated types win over Ddm.Client's of the same names.
using Ddm.Client.Tests.Instances;

/// <summary>
/// The client generated from tests/Specs/ddm-v1-instances.yaml (more of the DDM API, added to a spec without a change
/// to the generator) compiles in this project, which treats every warning as an error, and each of its request and
/// answer bodies, written as the reference's examples are, reads through its generated model and writes back the same.
/// </summary>
public sealed class InstanceApiModelTests
{
    public static TheoryData<string, string> Examples() => new()
    {
        {
            nameof(ListInstancesResponse), """
            {"instances":[{"id":"1f5c9fd6cd984056ba89c8c87cc03278in09","status":"RUNNING","name":"ddm-demo",
              "created":"2025-03-14T08:37:54+0000","updated":"2025-03-14T08:47:13+0000","available_zone":"eu-de-01",
              "vpc_id":"7ac6fd8b-6e3a-4c1e-8a27-3b7f1d0c9e42","subnet_id":"0d92b7e5-6f0a-4b41-9c3e-1a5d4b8e2f73",
              "security_group_id":"3b4c5d6e-7f80-4912-a3b4-c5d6e7f80912","node_count":2,"access_ip":"192.168.0.160",
              "access_port":"5066","core_count":"2","ram_capacity":"4","node_status":"RUNNING","enterprise_project_id":"0",
              "project_id":"619d3e78f61b4be68bc5aa0b59edcf7b","engine_version":"3.0.8.1"}],
             "instance_num":1,"page_no":1,"page_size":10,"total_record":1,"total_page":1}
            """
        },
        {
            nameof(InstanceDetails), """
            {"id":"1f5c9fd6cd984056ba89c8c87cc03278in09","status":"RUNNING","name":"ddm-demo",
             "created":"2025-03-14T08:37:54+0000","updated":"2025-03-14T08:47:13+0000","available_zone":"eu-de-01",
             "node_count":2,"access_ip":"192.168.0.160","access_port":"5066","node_status":"RUNNING","core_count":"2",
             "ram_capacity":"4","project_id":"619d3e78f61b4be68bc5aa0b59edcf7b","engine_version":"3.0.8.1",
             "nodes":[{"status":"RUNNING","port":"5066","ip":"192.168.0.161","group_id":"5b8f1c2d3e4f4a5b6c7d8e9f0a1b2c3dgr09","node_id":"9c8b7a6f5e4d4c3b2a1f0e9d8c7b6a5eno09"},
                      {"status":"RUNNING","port":"5066","ip":"192.168.0.162","node_id":"0a1b2c3d4e5f4a6b7c8d9e0f1a2b3c4dno09"}],
             "admin_user_name":"root_admin","enable_ssl":false,"flavor_ref":"ddm.8xlarge.2"}
            """
        },
        {
            nameof(CreateInstanceRequest), """
            {"instance":{"name":"ddm-demo","flavor_id":"941b5a6d-3959-4b8a-9f0e-2a7c1d5e8b34","node_num":2,
              "engine_id":"367b68a3-e1b4-4f86-a8d8-2e3b9c6d1a05","available_zones":["eu-de-01","eu-de-02"],
              "vpc_id":"7ac6fd8b-6e3a-4c1e-8a27-3b7f1d0c9e42","security_group_id":"3b4c5d6e-7f80-4912-a3b4-c5d6e7f80912",
              "subnet_id":"0d92b7e5-6f0a-4b41-9c3e-1a5d4b8e2f73","time_zone":"UTC+01:00","admin_user_name":"root_admin",
              "admin_user_password":"Secret-Pass1"},
             "extend_param":{"charge_mode":"prePaid","period_type":"month","period_num":3,"is_auto_renew":"false","is_auto_pay":"true"}}
            """
        },
        { nameof(CreateInstanceResponse), """{"id":"1f5c9fd6cd984056ba89c8c87cc03278in09","job_id":"ff8080817f8c5d3b017f9a1e2c4d0b17"}""" },
        { nameof(DeleteInstanceResponse), """{"id":"1f5c9fd6cd984056ba89c8c87cc03278in09"}""" },
        { nameof(RestartInstanceRequest), """{"restart":{"type":"soft"}}""" },
        { nameof(RestartInstanceResponse), """{"instanceId":"1f5c9fd6cd984056ba89c8c87cc03278in09","instanceName":"ddm-demo","jobId":"ff8080817f8c5d3b017f9a3b5c7d0e21"}""" },
        {
            nameof(ListNodesResponse), """
            {"nodes":[{"status":"RUNNING","port":"5066","ip":"192.168.0.161","group_id":"5b8f1c2d3e4f4a5b6c7d8e9f0a1b2c3dgr09","node_id":"9c8b7a6f5e4d4c3b2a1f0e9d8c7b6a5eno09"}],
             "offset":0,"limit":10,"total":1}
            """
        },
        {
            nameof(ListSchemasResponse), """
            {"databases":[{"name":"db_orders","shard_mode":"cluster","shard_number":16,"status":"RUNNING","created":1741942674000,
              "used_rds":[{"id":"4d6e8f0a2b4c4d6e8f0a2b4c6d8e0f1ain01","name":"rds-orders-1","status":"normal"},
                          {"id":"5e7f9a1b3c5d4e7f9a1b3c5d7e9f1a2bin01","name":"rds-orders-2","status":"abnormal","error_msg":"Connection refused."}],
              "shard_unit":8}],
             "total":1}
            """
        },
        {
            nameof(CreateSchemaRequest), """
            {"databases":[{"name":"db_orders","shard_mode":"cluster","shard_number":16,"shard_unit":8,
              "used_rds":[{"id":"4d6e8f0a2b4c4d6e8f0a2b4c6d8e0f1ain01","adminUser":"root","adminPassword":"Secret-Pass1"}]}]}
            """
        },
        { nameof(CreateSchemaResponse), """{"databases":[{"name":"db_orders"}]}""" },
        {
            nameof(ListAccountsResponse), """
            {"users":[{"name":"app_user","status":"RUNNING","base_authority":["SELECT","INSERT","UPDATE","DELETE"],
              "password_last_changed":1741943000000,"description":"Account of the order service.","created":1741942800000,
              "databases":[{"name":"db_orders","description":"Orders."}]}],
             "page_no":1,"page_size":10,"total_record":1,"total_page":1}
            """
        },
        { nameof(UpdateAccountRequest), """{"user":{"base_authority":["SELECT","INSERT"],"description":"Read and insert only.","databases":[{"name":"db_orders"}]}}""" },
        { nameof(UpdateAccountResponse), """{"name":"app_user"}""" },
        {
            nameof(ListEnginesResponse), """
            {"engineGroups":[{"id":"367b68a3-e1b4-4f86-a8d8-2e3b9c6d1a05","name":"ddm","version":"3.0.8.1",
              "supportAzs":[{"code":"eu-de-01","name":"eu-de-01","favored":true}]}],
             "offset":0,"limit":10,"total":1}
            """
        },
        {
            nameof(ListFlavorsResponse), """
            {"computeFlavorGroups":[{"groupType":"X86","computeFlavors":[{"id":"941b5a6d-3959-4b8a-9f0e-2a7c1d5e8b34",
              "typeCode":"hws.resource.type.ddm","code":"ddm.8xlarge.2","iaasCode":"c6.8xlarge.2","cpu":"32","mem":"64",
              "maxConnections":"40000","serverType":"ECS","architecture":"X86","azStatus":{"eu-de-01":"normal"},
              "regionStatus":"normal","groupType":"X86","dbType":"ddm"}],"offset":0,"limit":10,"total":1}]}
            """
        },
        { nameof(ErrorResponse), """{"error_code":"DBS.280001","error_msg":"Parameter error."}""" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_body_reads_through_its_model_and_writes_back_the_same(string model, string json)
    {
        var type = typeof(DdmInstancesClient).Assembly.GetType("Ddm.Client.Tests.Instances." + model, throwOnError: true)!;

        var read = ModelReaderWriter.Read(BinaryData.FromString(json), type, ModelReaderWriterOptions.Json, DdmInstancesModelReaderWriterContext.Default)!;
        var written = ModelReaderWriter.Write(read, ModelReaderWriterOptions.Json, DdmInstancesModelReaderWriterContext.Default);

        Assert.IsType(type, read);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written.ToString())), written.ToString());
        Assert.Equal(read, ModelReaderWriter.Read(written, type, ModelReaderWriterOptions.Json, DdmInstancesModelReaderWriterContext.Default));
    }

    [Fact]
    public void The_typed_members_hold_what_the_reference_s_answers_carry()
    {
        var details = ModelReaderWriter.Read<InstanceDetails>(BinaryData.FromString("""
            {"id":"i1","status":"RUNNING","name":"ddm-demo","created":"2025-03-14T08:37:54+0000","order_id":null,
             "nodes":[{"status":"RUNNING","port":"5066","ip":"192.168.0.161","node_id":"n1"}]}
            """), ModelReaderWriterOptions.Json, DdmInstancesModelReaderWriterContext.Default)!;
        var accounts = ModelReaderWriter.Read<ListAccountsResponse>(BinaryData.FromString("""
            {"users":[{"name":"app_user","status":"RUNNING","base_authority":["SELECT","INSERT"],"created":1741942800000,"databases":[]}],
             "page_no":1,"page_size":10,"total_record":1,"total_page":1}
            """), ModelReaderWriterOptions.Json, DdmInstancesModelReaderWriterContext.Default)!;

        Assert.Equal(InstanceStatus.Running, details.Status);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 8, 37, 54, TimeSpan.Zero), details.Created);
        Assert.Null(details.OrderId);
        Assert.Null(details.ErrorMsg);
        Assert.Equal("n1", Assert.Single(details.Nodes!).NodeId);
        Assert.Equal(new[] { Permission.Select, Permission.Insert }, accounts.Users[0].BaseAuthority);
    }

    [Fact]
    public void A_request_that_carries_a_password_prints_it_masked_and_sends_it()
    {
        var request = new CreateSchemaRequest
        {
            Databases =
            [
                new SchemaToCreate
                {
                    Name = "db_orders", ShardMode = ShardMode.Cluster, ShardNumber = 8,
                    UsedRds = [new DataNodeCredentials { Id = "rds-1", AdminUser = "root", AdminPassword = "Secret-Pass1" }],
                },
            ],
        };

        Assert.DoesNotContain("Secret-Pass1", request.Databases[0].UsedRds[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("AdminPassword = ***", request.Databases[0].UsedRds[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("\"adminPassword\":\"Secret-Pass1\"", ModelReaderWriter.Write(request, ModelReaderWriterOptions.Json, DdmInstancesModelReaderWriterContext.Default).ToString(), StringComparison.Ordinal);
    }
}
