namespace DaprEmulator.Tests.Support;

/// <summary>A resources folder written by a test into a temp directory, removed with it.</summary>
public sealed class TestResources : IDisposable
{
    public const string PubSub = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.kafka
          version: v1
          metadata:
          - name: brokers
            value: "localhost:9092"
          - name: authType
            value: "none"
        """;

    public const string ActorStore = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: actorstore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: actorStateStore
            value: "true"
        """;

    public const string StateStore = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
          metadata: []
        """;

    private TestResources(string path) => Path = path;

    public string Path { get; }

    /// <summary>Writes each YAML text to its own file.</summary>
    public static TestResources Create(params string[] documents)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dapr-emulator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        for (var i = 0; i < documents.Length; i++)
        {
            File.WriteAllText(System.IO.Path.Combine(path, $"resource{i:D2}.yaml"), documents[i]);
        }

        return new TestResources(path);
    }

    /// <summary>The pub/sub, a plain state store and an actor state store.</summary>
    public static TestResources Default(params string[] more) => Create([PubSub, StateStore, ActorStore, .. more]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
