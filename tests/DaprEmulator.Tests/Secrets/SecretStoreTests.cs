using System.Net;
using System.Text.Json;
using Dapr;
using DaprEmulator.Resources;
using DaprEmulator.Testing;
using DaprEmulator.Tests.Support;
using Grpc.Core;

namespace DaprEmulator.Tests.Secrets;

/// <summary>The secrets API over <c>secretstores.local.file</c> components, through the SDK's DaprClient as daprd answers it.</summary>
public sealed class SecretStoreTests
{
    private const string Secrets = """
        {
          "redisPassword": "p@ss",
          "connectionStrings": { "sql": "server=sql", "mysql": "server=mysql" },
          "hosts": ["a", "b"],
          "port": 6379,
          "tls": true
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_file_store_gives_each_key_as_its_own_secret_with_nested_keys_joined_by_a_colon()
    {
        using var resources = TestResources.Create(FileStore("localsecrets", "secrets.json"));
        File.WriteAllText(Path.Combine(resources.Path, "secrets.json"), Secrets);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);
        var client = dapr.CreateDaprClient("reader");

        var bulk = await client.GetBulkSecretAsync("localsecrets", cancellationToken: Ct);
        var one = await client.GetSecretAsync("localsecrets", "connectionStrings:sql", cancellationToken: Ct);

        var expected = new Dictionary<string, string>
        {
            ["redisPassword"] = "p@ss",
            ["connectionStrings:sql"] = "server=sql",
            ["connectionStrings:mysql"] = "server=mysql",
            ["hosts:0"] = "a",
            ["hosts:1"] = "b",
            ["port"] = "6379",
            ["tls"] = "true",
        };
        Assert.Equal(expected.Keys.Order(), bulk.Keys.Order());
        Assert.All(bulk, secret => Assert.Equal(new Dictionary<string, string> { [secret.Key] = expected[secret.Key] }, secret.Value));
        Assert.Equal(new Dictionary<string, string> { ["connectionStrings:sql"] = "server=sql" }, one);
    }

    [Fact]
    public async Task A_multi_valued_store_keeps_one_level_of_secrets_and_flattens_below_with_its_separator()
    {
        var file = Path.Combine(Path.GetTempPath(), "dapr-emulator-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, """{ "db": { "user": "u", "pass": { "current": "1" } }, "plain": "v", "skipped": 3 }""");
        try
        {
            using var resources = TestResources.Create(FileStore("multi", file, ("nestedSeparator", "__"), ("multiValued", "true")));
            await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);
            var client = dapr.CreateDaprClient("reader");

            var bulk = await client.GetBulkSecretAsync("multi", cancellationToken: Ct);

            Assert.Equal(["db", "plain"], bulk.Keys.Order());
            Assert.Equal(new Dictionary<string, string> { ["user"] = "u", ["pass__current"] = "1" }, bulk["db"]);
            Assert.Equal(new Dictionary<string, string> { ["plain"] = "v" }, bulk["plain"]);
            Assert.Equal(bulk["db"], await client.GetSecretAsync("multi", "db", cancellationToken: Ct));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unknown_store_an_out_of_scope_store_and_a_missing_key_are_refused_as_daprd_refuses_them()
    {
        using var resources = TestResources.Create(FileStore("localsecrets", "secrets.json"), FileStore("private", "secrets.json") + "\nscopes:\n- owner\n");
        File.WriteAllText(Path.Combine(resources.Path, "secrets.json"), Secrets);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);
        var client = dapr.CreateDaprClient("reader");

        var unknown = await RpcErrorAsync(() => client.GetBulkSecretAsync("nostore", cancellationToken: Ct));
        var outOfScope = await RpcErrorAsync(() => client.GetSecretAsync("private", "redisPassword", cancellationToken: Ct));
        var missing = await RpcErrorAsync(() => client.GetSecretAsync("localsecrets", "nokey", cancellationToken: Ct));

        Assert.Equal((StatusCode.InvalidArgument, "failed finding secret store with key nostore"), (unknown.StatusCode, unknown.Status.Detail));
        Assert.Equal((StatusCode.InvalidArgument, "failed finding secret store with key private"), (outOfScope.StatusCode, outOfScope.Status.Detail));
        Assert.Equal(StatusCode.Internal, missing.StatusCode);
        Assert.StartsWith("failed getting secret with key nokey from secret store localsecrets", missing.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("p@ss", (await dapr.CreateDaprClient("owner").GetSecretAsync("private", "redisPassword", cancellationToken: Ct))["redisPassword"]);
    }

    [Fact]
    public async Task Without_a_secret_store_the_secrets_API_answers_not_configured()
    {
        using var resources = TestResources.Default();
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);

        var error = await RpcErrorAsync(() => dapr.CreateDaprClient("reader").GetBulkSecretAsync("localsecrets", cancellationToken: Ct));

        Assert.Equal((StatusCode.FailedPrecondition, "secret store is not configured"), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task The_file_is_read_when_the_sidecar_starts_and_read_again_on_reload()
    {
        using var resources = TestResources.Create(FileStore("localsecrets", "secrets.json"));
        var file = Path.Combine(resources.Path, "secrets.json");
        File.WriteAllText(file, """{ "token": "old" }""");
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);
        var sidecar = await dapr.StartSidecarAsync("reader", Ct);
        var client = dapr.CreateDaprClient("reader");

        File.WriteAllText(file, """{ "token": "new", "added": "yes" }""");
        var beforeReload = await client.GetBulkSecretAsync("localsecrets", cancellationToken: Ct);
        sidecar.SecretStores.Reload();
        var afterReload = await client.GetBulkSecretAsync("localsecrets", cancellationToken: Ct);
        File.WriteAllText(file, "not json");
        Assert.Throws<DaprResourceException>(sidecar.SecretStores.Reload);
        var afterFailedReload = await client.GetSecretAsync("localsecrets", "token", cancellationToken: Ct);

        Assert.Equal(["token"], beforeReload.Keys);
        Assert.Equal("old", beforeReload["token"]["token"]);
        Assert.Equal(["added", "token"], afterReload.Keys.Order());
        Assert.Equal("new", afterReload["token"]["token"]);
        Assert.Equal("new", afterFailedReload["token"]);
    }

    [Theory]
    [InlineData("missing.json", "cannot read secrets file")]
    [InlineData(null, "missing local secrets file in metadata")]
    public async Task A_sidecar_whose_file_store_cannot_be_read_does_not_start(string? secretsFile, string reason)
    {
        var component = secretsFile is null
            ? FileStore("localsecrets", "x").Replace("  - name: secretsFile\n    value: \"x\"\n", string.Empty, StringComparison.Ordinal)
            : FileStore("localsecrets", secretsFile);
        using var resources = TestResources.Create(component);
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);

        var error = await Assert.ThrowsAsync<DaprResourceException>(() => dapr.StartSidecarAsync("reader", Ct));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_HTTP_secrets_API_answers_a_secret_the_bulk_read_and_daprd_error_codes()
    {
        using var resources = TestResources.Create(FileStore("localsecrets", "secrets.json"));
        File.WriteAllText(Path.Combine(resources.Path, "secrets.json"), """{ "a": "1", "nested": { "b": "2" } }""");
        await using var dapr = await DaprTestEnvironment.StartAsync(new() { ResourcesPath = resources.Path }, Ct);
        var sidecar = await dapr.StartSidecarAsync("reader", Ct);
        using var http = new HttpClient { BaseAddress = new Uri(sidecar.HttpEndpoint) };

        var one = await http.GetStringAsync(new Uri("/v1.0/secrets/localsecrets/nested:b", UriKind.Relative), Ct);
        var bulk = await http.GetStringAsync(new Uri("/v1.0/secrets/localsecrets/bulk", UriKind.Relative), Ct);
        using var unknown = await http.GetAsync(new Uri("/v1.0/secrets/nostore/a", UriKind.Relative), Ct);
        using var missing = await http.GetAsync(new Uri("/v1.0/secrets/localsecrets/nokey", UriKind.Relative), Ct);

        Assert.Equal(new Dictionary<string, string> { ["nested:b"] = "2" }, JsonSerializer.Deserialize<Dictionary<string, string>>(one));
        var secrets = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(bulk)!;
        Assert.Equal(["a", "nested:b"], secrets.Keys.Order());
        Assert.Equal("2", secrets["nested:b"]["nested:b"]);
        Assert.Equal((HttpStatusCode.Unauthorized, "ERR_SECRET_STORE_NOT_FOUND"), (unknown.StatusCode, await ErrorCodeAsync(unknown)));
        Assert.Equal((HttpStatusCode.InternalServerError, "ERR_SECRET_GET"), (missing.StatusCode, await ErrorCodeAsync(missing)));
    }

    private static string FileStore(string name, string secretsFile, params (string Key, string Value)[] metadata) =>
        $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: "{secretsFile}"

        """ + string.Concat(metadata.Select(m => $"  - name: {m.Key}\n    value: \"{m.Value}\"\n"));

    private static async Task<RpcException> RpcErrorAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<DaprException>(call);
        return Assert.IsType<RpcException>(error.InnerException);
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.GetProperty("errorCode").GetString();
    }
}
