export default function Home() {
  return <p>Kinetic Flow webhooks: POST /webhooks/kinetic</p>;
}
